// @ts-check
import process from 'node:process';
import { defineConfig } from 'astro/config';

// `failcat build` passes the base path, site URL and output folder through the
// environment, so running `astro build` in this folder by hand gives the same site.
export default defineConfig({
  site: process.env.FAILCAT_SITE_URL || undefined,
  base: process.env.FAILCAT_BASE || '/',
  outDir: process.env.FAILCAT_OUT || './dist',
  // Each `failcat build` gets its own cache: the content store lives there, and two builds
  // from one checkout must not read each other's catalog.
  cacheDir: process.env.FAILCAT_CACHE_DIR || './node_modules/.astro',
  trailingSlash: 'ignore',
  // Pages render a few at a time, so one page's file writes overlap the next one's
  // rendering (at 10,000 case pages, about a fifth less time than one at a time).
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 8 },
  devToolbar: { enabled: false },
  compressHTML: true,
  vite: {
    // The loader reaches into the repository's core/ and scripts/ folders.
    server: { fs: { allow: ['..'] } },
  },
});
