/** The JSON Schemas, served under `schemas/` so exports and editors can reference them. */
import type { APIRoute } from 'astro';
import { SCHEMAS } from '../../../../core/model/schemas.ts';

export function getStaticPaths() {
  return Object.keys(SCHEMAS).map((kind) => ({ params: { name: `${kind}.schema.json` } }));
}

export const GET: APIRoute = ({ params }) => {
  const kind = params.name!.replace(/\.schema\.json$/, '') as keyof typeof SCHEMAS;
  return new Response(JSON.stringify(SCHEMAS[kind], null, 2), {
    headers: { 'Content-Type': 'application/json' },
  });
};
