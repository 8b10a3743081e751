/** Content collections: the catalog's cases and its configuration, both loaded through core/. */
import { defineCollection } from 'astro:content';
import { casesLoader, catalogInfoLoader } from './loaders/catalog.ts';

export const collections = {
  cases: defineCollection({ loader: casesLoader() }),
  catalog: defineCollection({ loader: catalogInfoLoader() }),
};
