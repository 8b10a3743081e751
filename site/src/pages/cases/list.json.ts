/** `cases/list.json`: the case list's filter index (see buildCaseListIndex), for the build's audience. */
import type { APIRoute } from 'astro';
import { buildCaseListIndex } from '../../../../core/publish/site-model.ts';
import { getSite } from '../../lib/model.ts';
import { severityClass } from '../../lib/view.ts';

export const GET: APIRoute = async () => {
  const site = await getSite();
  const index = buildCaseListIndex(site.cases, (severity) => severityClass(site, severity), site.facets);
  return new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json' } });
};
