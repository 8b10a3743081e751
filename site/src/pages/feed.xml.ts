/** `feed.xml`: Atom feed of the most recent cases of the build's audience. */
import type { APIRoute } from 'astro';
import { renderAtom } from '../../../core/publish/feeds.ts';
import { getSite } from '../lib/model.ts';
import { absolute } from '../lib/url.ts';

export const GET: APIRoute = async ({ site: siteUrl }) => {
  const site = await getSite();
  const latest = new Map(site.cases.map((c) => [c.record.data.id, c.history[0]?.date]));
  const xml = renderAtom({
    title: 'failcat: ML and AI failure catalog',
    feedUrl: absolute('feed.xml', siteUrl),
    siteUrl: absolute('', siteUrl),
    caseUrl: (id) => absolute(`cases/${encodeURIComponent(id)}/`, siteUrl),
    cases: site.cases.map((c) => c.record.data),
    updatedOf: (c) => latest.get(c.id),
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
