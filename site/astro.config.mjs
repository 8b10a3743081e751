// @ts-check
import { defineConfig } from 'astro/config';
import { siteConfig } from './build/config.ts';

// `failcat build` makes the same configuration from its options (site/build/build-site.ts);
// `astro build` run here builds the catalog in ../catalog with the defaults.
export default defineConfig(siteConfig());
