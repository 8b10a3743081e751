/** `api/cases.json`: exactly core's export for the build's audience (the input of `failcat check --catalog URL`). */
import type { APIRoute } from 'astro';
import { exportCatalogJson, type CatalogExport } from '../../../../core/publish/export.ts';
import { getSite } from '../../lib/model.ts';

/** Text is handed on in pieces of about this many characters. */
const PIECE = 1 << 20;

export const GET: APIRoute = async () => {
  const site = await getSite();
  // Records are already filtered and redacted for the audience; the export applies it again, harmlessly.
  // The document goes out in pieces: at 100,000 cases it is 400 MB, which as one string
  // (with its encoded copies) made the largest moment of the build's memory.
  const { chunks } = exportCatalogJson(
    site.config as CatalogExport['config'],
    site.cases.map((c) => c.record),
    site.audience,
  );
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = '';
      for (let next; text.length < PIECE && !(next = chunks.next()).done;) text += next.value;
      if (text) controller.enqueue(encoder.encode(text));
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/json' } });
};
