/**
 * The failcat Astro integration: it takes the site's settings as options and gives them
 * to the content loader and the pages as the `virtual:failcat/settings` module, so the
 * same settings reach them whether `failcat build` or `astro build` started the build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { SEARCH_SHARD_SIZE } from '../../core/publish/search-index.ts';
import type { ResolvedSiteSettings, SiteSettings } from '../src/settings.ts';

/** The module the content collection and the pages import the settings from. */
export const SETTINGS_MODULE = 'virtual:failcat/settings';
const RESOLVED_ID = `\0${SETTINGS_MODULE}`;

/** Default cases per page of the case list. */
const LIST_PAGE_SIZE = 50;
/** Default values a facet shows; thousands of checkboxes (one per model) made each keystroke slow. */
const FACET_TOP = 10;

/**
 * Where the loader leaves the audience's cases for the pages: a file in the build's
 * cache folder. Astro bundles its content store into the build as one JavaScript module;
 * at 10,000 cases a module of full records alone costs tens of seconds and a gigabyte,
 * so the records go to this file instead, read once by the pages.
 */
export function catalogDataFile(cacheDir: string): string {
  return path.join(cacheDir, 'failcat-catalog.json');
}

/** The settings with their defaults, paths made absolute against the site's root and cache folders. */
export function resolveSettings(settings: SiteSettings, root: URL, cacheDir: URL): ResolvedSiteSettings {
  const catalog = path.resolve(fileURLToPath(root), settings.catalog ?? '../catalog');
  return {
    catalog: catalog.split(path.sep).join('/'),
    audience: settings.audience,
    repoUrl: settings.repoUrl,
    editBranch: settings.editBranch,
    today: settings.today ?? new Date().toISOString().slice(0, 10),
    listPageSize: settings.listPageSize ?? LIST_PAGE_SIZE,
    facetTop: settings.facetTop ?? FACET_TOP,
    searchShardSize: settings.searchShardSize ?? SEARCH_SHARD_SIZE,
    catalogFrom: settings.catalogFrom ?? 'folder',
    dataFile: catalogDataFile(fileURLToPath(cacheDir)),
  };
}

/** The failcat integration, created with the build's settings. */
export function failcatSite(settings: SiteSettings = {}): AstroIntegration {
  return {
    name: 'failcat',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        const source = `export default ${JSON.stringify(resolveSettings(settings, config.root, config.cacheDir))};`;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'failcat:settings',
                resolveId: (id: string) => (id === SETTINGS_MODULE ? RESOLVED_ID : undefined),
                load: (id: string) => (id === RESOLVED_ID ? source : undefined),
              },
            ],
          },
        });
      },
    },
  };
}
