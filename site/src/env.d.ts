/** The settings the failcat integration (site/build/integration.ts) gives the loader and the pages. */
declare module 'virtual:failcat/settings' {
  const settings: import('./settings.ts').ResolvedSiteSettings;
  export default settings;
}
