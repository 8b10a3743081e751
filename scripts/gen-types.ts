/**
 * Derives the TypeScript types in core/schema-types.ts from the JSON Schemas in schemas/,
 * so the schemas stay the single source of truth. `--check` fails when the committed
 * file is stale instead of rewriting it (run by `npm test`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';

const SCHEMAS = ['case', 'taxonomy', 'policy', 'checklist', 'deploy'];
const OUT = new URL('../core/schema-types.ts', import.meta.url);

const parts: string[] = [
  '// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.\n',
];
for (const name of SCHEMAS) {
  const schema = JSON.parse(
    await readFile(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'),
  );
  parts.push(
    await compile(schema, schema.title, {
      bannerComment: '',
      additionalProperties: false,
      strictIndexSignatures: false,
      unreachableDefinitions: false,
      format: false,
      ignoreMinAndMaxItems: true,
      cwd: new URL('../schemas/', import.meta.url).pathname,
    }),
  );
}
const config = await prettier.resolveConfig(OUT.pathname);
const text = await prettier.format(parts.join('\n'), { ...config, parser: 'typescript' });

if (process.argv.includes('--check')) {
  const current = await readFile(OUT, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(
      'core/schema-types.ts is out of date with schemas/: run `npm run gen:types` and commit it.',
    );
    process.exit(1);
  }
} else {
  await writeFile(OUT, text);
}
