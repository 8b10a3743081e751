/**
 * Derives code from the JSON Schemas in schemas/, so they stay the single source of truth:
 * the TypeScript types in core/model/schema-types.ts, and ajv's precompiled validators in
 * core/model/validators.generated.js (compiling the schemas at run time would delay every
 * process and worker thread). `--check` fails when a committed file is stale instead of
 * rewriting it (run by `npm test`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';
import { AJV_OPTIONS } from '../core/model/ajv-options.ts';
import { riskFieldsSchema } from '../core/risk/fields.ts';

const SCHEMAS = ['case', 'taxonomy', 'policy', 'checklist', 'deploy', 'export', 'check-result'];
const TYPES = new URL('../core/model/schema-types.ts', import.meta.url);

type Schema = { title: string; $id: string } & Record<string, unknown>;

/**
 * The schema as the type generator should see it: a `$ref` into another schema file names
 * the type already generated from that file (`FailureCase['system']`, `Policy`) instead of
 * declaring a copy of it under a new name. Any other reference into another file (a
 * definition) is copied in place. ajv validates the schema as written.
 */
function typeView(node: unknown, byFile: ReadonlyMap<string, Schema>): unknown {
  if (Array.isArray(node)) return node.map((n) => typeView(n, byFile));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const external = typeof $ref === 'string' ? /^([a-z-]+\.schema\.json)(?:#(.*))?$/.exec($ref) : null;
  if (external) {
    const target = byFile.get(external[1]!);
    if (!target) throw new Error(`${$ref}: no schema ${external[1]} in schemas/.`);
    const pointer = (external[2] ?? '').split('/').filter(Boolean);
    const description = rest.description;
    if (pointer.length === 0) return { description, tsType: target.title };
    if (pointer.length === 2 && pointer[0] === 'properties')
      return { description, tsType: `${target.title}['${pointer[1]}']` };
    let sub: unknown = target;
    for (const key of pointer)
      sub = (sub as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (sub === undefined) throw new Error(`${$ref} points at nothing.`);
    return typeView({ ...(sub as object), ...rest }, byFile);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, typeView(value, byFile)]));
}

const schemas: Schema[] = [];
const byFile = new Map<string, Schema>();
const parts: string[] = [
  '// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.\n',
];
for (const name of SCHEMAS) {
  const schema = JSON.parse(
    await readFile(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'),
  ) as Schema;
  schemas.push(schema);
  byFile.set(`${name}.schema.json`, schema);
  parts.push(
    await compile(typeView(schema, byFile) as never, schema.title, {
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
const config = await prettier.resolveConfig(TYPES.pathname);
const types = await prettier.format(parts.join('\n'), { ...config, parser: 'typescript' });

const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true, esm: true } });
for (const schema of schemas) ajv.addSchema(schema);
// The risk check validates only the case fields it reads (core/risk/fields.ts).
const riskFields = riskFieldsSchema(schemas[0] as never);
ajv.addSchema(riskFields);
const exported = {
  ...Object.fromEntries(schemas.map((s) => [s.title, s.$id])),
  [riskFields.title]: riskFields.$id,
  // Fills the risk block's defaults into a copy (riskSettingsOf in core/model/schemas.ts),
  // so the policy as loaded, and as exported, gains no risk block its file leaves out.
  PolicyRisk: `${byFile.get('policy.schema.json')!.$id}#/properties/risk`,
};
// ajv's standalone output still require()s its runtime helpers; turn them into imports.
const runtime = new Map<string, string>();
const code = standaloneCode
  .default(ajv, exported)
  .replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)/g, (_match: string, module: string) => {
    const name = `runtime_${module.split('/').pop()}`;
    runtime.set(name, module);
    return name;
  });
const validators =
  '// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.\n' +
  // Node hands a CommonJS module's exports object to a default import; bundlers such as
  // Vite hand its `default` export. The generated code wants the exports object.
  [...runtime]
    .map(
      ([name, module]) =>
        `import ${name}_module from '${module}.js';\n` +
        `const ${name} = typeof ${name}_module === 'function' ? { default: ${name}_module } : ${name}_module;\n`,
    )
    .join('')
    // ajv counts a string's characters (minLength, maxLength) one code unit at a time, for
    // every text field of every case. Without a high surrogate the count is the length,
    // which a regex finds out far faster (at once for text V8 stores one byte a character).
    .replace(
      /const runtime_ucs2length = (.*);\n/,
      'const runtime_ucs2length_counted = ($1).default;\n' +
        'const runtime_ucs2length = {\n' +
        '  default: (s) => (/[\\uD800-\\uDBFF]/.test(s) ? runtime_ucs2length_counted(s) : s.length),\n' +
        '};\n',
    ) +
  code.replace(/^"use strict";/, '') +
  '\n';
const declarations =
  '// Generated by `npm run gen:types`. Do not edit by hand.\n' +
  "import type { ValidateFunction } from 'ajv';\n" +
  Object.keys(exported)
    .map((title) => `export declare const ${title}: ValidateFunction;\n`)
    .join('');

const outputs: [URL, string][] = [
  [TYPES, types],
  [new URL('../core/model/validators.generated.js', import.meta.url), validators],
  [new URL('../core/model/validators.generated.d.ts', import.meta.url), declarations],
];
if (process.argv.includes('--check')) {
  for (const [file, text] of outputs) {
    if ((await readFile(file, 'utf8').catch(() => '')) !== text) {
      const name = file.pathname.split('/').slice(-2).join('/');
      console.error(`${name} is out of date with schemas/: run \`npm run gen:types\` and commit it.`);
      process.exit(1);
    }
  }
} else {
  for (const [file, text] of outputs) await writeFile(file, text);
}
