/** `cases.csv`: one row per case of the build's audience. */
import type { APIRoute } from 'astro';
import { renderCsv } from '../../../core/publish/feeds.ts';
import { getSite } from '../lib/model.ts';
import { absolute } from '../lib/url.ts';

export const GET: APIRoute = async ({ site: siteUrl }) => {
  const site = await getSite();
  const ids = [...site.cases].sort((a, b) => a.record.data.id.localeCompare(b.record.data.id));
  const csv = renderCsv(
    ids.map((c) => c.record.data),
    (id) => absolute(`cases/${encodeURIComponent(id)}/`, siteUrl),
  );
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
