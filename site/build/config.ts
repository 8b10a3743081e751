/**
 * The site's Astro configuration, made from the build's options: `astro.config.mjs` uses
 * it with the defaults, the build program (build-site.ts) with what `failcat build` was given.
 */
import type { AstroUserConfig } from 'astro';
import type { SiteSettings } from '../src/settings.ts';
import { failcatSite } from './integration.ts';

/** What shapes an Astro build of the site: Astro's own settings and the failcat integration's. */
export interface SiteConfigOptions extends SiteSettings {
  /** Base path the site is served under, `/` or `/name/` (default `/`). */
  base?: string;
  /** The site's public URL, for absolute links in the feed and the CSV. */
  site?: string;
  /** Output folder (default `dist` in the site's root). */
  outDir?: string;
  /** Astro's cache folder; the loader's records file lives there too. */
  cacheDir?: string;
}

/** The Astro configuration of the site. */
export function siteConfig(options: SiteConfigOptions = {}): AstroUserConfig {
  const { base = '/', site, outDir, cacheDir, ...settings } = options;
  return {
    site,
    base,
    ...(outDir ? { outDir } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    trailingSlash: 'ignore',
    // Pages render a few at a time, so one page's file writes overlap the next one's
    // rendering (at 10,000 case pages, about a fifth less time than one at a time).
    build: { format: 'directory', inlineStylesheets: 'never', concurrency: 8 },
    devToolbar: { enabled: false },
    compressHTML: true,
    vite: {
      // The loader and the pages reach into the repository's core/ and node/ folders.
      server: { fs: { allow: ['..'] } },
    },
    integrations: [failcatSite(settings)],
  };
}
