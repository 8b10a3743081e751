/** Content collections: the catalog (configuration, build settings, the audience's cases), loaded through core/. */
import { defineCollection } from 'astro:content';
import settings from 'virtual:failcat/settings';
import { catalogLoader } from './loaders/catalog.ts';

export const collections = {
  catalog: defineCollection({ loader: catalogLoader(settings) }),
};
