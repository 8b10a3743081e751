/**
 * The site model, computed once per build from the content collections and shared by
 * every page (the module is evaluated once), so no page re-filters the catalog.
 */
import { getEntry } from 'astro:content';
import settings from 'virtual:failcat/settings';
import type { CatalogConfig } from '../../../core/validate/config.ts';
import type { Audience } from '../../../core/publish/export.ts';
import {
  buildSiteModel,
  type SiteCase,
  type SiteModel,
  type SimilarCase,
} from '../../../core/publish/site-model.ts';
import type { PreparedCase } from '../loaders/catalog.ts';
import { readJsonLines } from '../../../node/json-lines.ts';

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
    const info = await getEntry('catalog', 'catalog');
    const { config, audience, editBase, dataFile } = info!.data as unknown as {
      config: CatalogConfig;
      audience: Audience;
      editBase?: string;
      dataFile: string;
    };
    // The loader's records file (see catalogDataFile in site/build/integration.ts): one read
    // per build, a case a line, so the file is never one string in memory.
    const cases: SiteCase[] = [];
    const similar = new Map<string, SimilarCase[]>();
    for await (const { similar: alike, ...c } of readJsonLines<PreparedCase>(dataFile)) {
      cases.push(c);
      if (alike.length) similar.set(c.record.data.id, alike);
    }
    const model = buildSiteModel(config, cases, settings.today, similar);
    return { ...model, audience, editBase, today: settings.today };
  })();
  return site;
}
