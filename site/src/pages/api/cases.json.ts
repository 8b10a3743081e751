/** `api/cases.json`: exactly core's export for the build's audience (the input of `failcat check --catalog URL`). */
import type { APIRoute } from 'astro';
import { exportCatalog, type CatalogExport } from '../../../../core/publish/export.ts';
import { getSite } from '../../lib/model.ts';

export const GET: APIRoute = async () => {
  const site = await getSite();
  // Records are already filtered and redacted for the audience; exportCatalog applies it again, harmlessly.
  const doc = exportCatalog(
    site.config as CatalogExport['config'],
    site.cases.map((c) => c.record),
    site.audience,
  );
  return new Response(JSON.stringify(doc), { headers: { 'Content-Type': 'application/json' } });
};
