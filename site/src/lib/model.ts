/**
 * The site model, computed once per build from the content collections and shared by
 * every page (the module is evaluated once), so no page re-filters the catalog.
 */
import { getCollection, getEntry } from 'astro:content';
import type { CatalogConfig } from '../../../core/config.ts';
import type { Audience } from '../../../core/export.ts';
import { buildSiteModel, type SiteCase, type SiteModel } from '../../../core/site-model.ts';

/** The model plus build settings the pages show. */
export interface Site extends SiteModel {
  audience: Audience;
  editBase?: string;
  today: string;
}

let site: Promise<Site> | undefined;

/** The site model for this build. */
export function getSite(): Promise<Site> {
  site ??= (async () => {
    const [entries, info] = await Promise.all([getCollection('cases'), getEntry('catalog', 'catalog')]);
    const { config, audience, editBase } = info!.data as unknown as {
      config: CatalogConfig;
      audience: Audience;
      editBase?: string;
    };
    const today = process.env.FAILCAT_TODAY ?? new Date().toISOString().slice(0, 10);
    const model = buildSiteModel(
      config,
      entries.map((e) => e.data as unknown as SiteCase),
      today,
    );
    return { ...model, audience, editBase, today };
  })();
  return site;
}
