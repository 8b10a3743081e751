/**
 * `redact`: every `redact` entry hides something, and nothing a public build needs. An
 * entry that matches nothing (a misspelt field or section, a list position) would hide
 * nothing without a word; a field the schema requires at its place (`id`, `title`,
 * `safeguards.applies_to`, ...) is what the site, the export and the risk check read.
 */
import type { CaseRule } from './types.ts';
import { SCHEMAS } from '../../model/schemas.ts';
import { didYouMean } from '../../model/text.ts';
import { formatOf } from '../../parse/source.ts';

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
}

const ROOT = SCHEMAS.case as unknown as SchemaNode & { $defs?: Record<string, SchemaNode> };

/** The schema a local `$ref` names, and through list items to what each item is. */
function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  for (let guard = 0; node && guard < 16; guard++) {
    if (node.$ref?.startsWith('#/$defs/')) node = ROOT.$defs?.[node.$ref.slice('#/$defs/'.length)];
    else if (node.items) node = node.items;
    else return node;
  }
  return node;
}

/** The schema's key patterns, compiled once. */
const PATTERNS = new Map<string, RegExp>();

/** The schema of `key` inside an object schema, if the schema knows it. */
function childSchema(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  const known = node.properties?.[key];
  if (known) return known;
  for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) {
    let re = PATTERNS.get(pattern);
    if (!re) PATTERNS.set(pattern, (re = new RegExp(pattern, 'u')));
    if (re.test(key)) return schema;
  }
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** The first prefix of `parts` that names a field required where it stands, if any. */
function requiredPrefix(parts: readonly string[]): string | undefined {
  let node: SchemaNode | undefined = ROOT;
  for (let i = 0; i < parts.length && node; i++) {
    const here = resolve(node);
    if (here?.required?.includes(parts[i]!)) return parts.slice(0, i + 1).join('.');
    node = childSchema(here, parts[i]!);
  }
  return undefined;
}

/** Objects at a level, lists flattened (a path through a list applies to every item). */
function objectsOf(values: readonly unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown, depth: number) => {
    if (Array.isArray(v)) {
      if (depth < 8) for (const item of v) visit(item, depth + 1);
    } else if (v !== null && typeof v === 'object') out.push(v as Record<string, unknown>);
  };
  for (const v of values) visit(v, 0);
  return out;
}

/** Where a path stops matching the document: its index, with the keys found there; undefined when it matches. */
function mismatch(doc: unknown, parts: readonly string[]): { at: number; keys: Set<string> } | undefined {
  let values: unknown[] = [doc];
  let node: SchemaNode | undefined = ROOT;
  for (let i = 0; i < parts.length; i++) {
    const objects = objectsOf(values);
    const key = parts[i]!;
    const next = objects.filter((o) => Object.hasOwn(o, key)).map((o) => o[key]);
    const here = resolve(node);
    if (next.length === 0) {
      const keys = new Set(objects.flatMap((o) => Object.keys(o)));
      for (const k of Object.keys(here?.properties ?? {})) keys.add(k);
      return { at: i, keys };
    }
    values = next;
    node = childSchema(here, key);
  }
  return undefined;
}

/** Checks each `redact` entry against the case and the case schema. */
export const checkRedact: CaseRule = (input, _ctx, add) => {
  const entries = input.data.redact;
  if (!entries?.length) return;
  // A Markdown case's sections are its narrative entries.
  const doc =
    formatOf(input.file) !== 'markdown'
      ? input.data
      : {
          ...input.data,
          narrative: {
            ...input.data.narrative,
            ...Object.fromEntries(input.sections.map((s) => [s.id, s.text])),
          },
        };
  entries.forEach((entry, i) => {
    const parts = entry.split('.');
    const required = requiredPrefix(parts);
    if (required !== undefined) {
      const parent = required.split('.').slice(0, -1).join('.');
      add(
        'redact',
        ['redact', i],
        parent
          ? `\`${required}\` cannot be redacted: every \`${parent}\` entry must have it, and the site, the export and the risk check read it.`
          : `\`${required}\` cannot be redacted: every case has it, and the site, the export and the risk check read it.`,
        parent
          ? `Redact the whole \`${parent}\` instead, or remove the entry.`
          : 'Remove the entry and write the value so that it can be published, or set `visibility: internal` to keep the whole case out of public builds.',
      );
      return;
    }
    const miss = mismatch(doc, parts);
    if (!miss) return;
    const prefix = parts.slice(0, miss.at).join('.');
    const key = parts[miss.at]!;
    const where = prefix ? `\`${prefix}\`` : 'the case';
    if (/^\d+$/.test(key)) {
      add(
        'redact',
        ['redact', i],
        `\`${entry}\` matches nothing: a path through a list applies to every item, so \`${key}\` names no field.`,
        `Redact the whole list (\`${prefix}\`) or one field of every item (\`${prefix}.<field>\`).`,
      );
      return;
    }
    miss.keys.delete(key);
    const guess = didYouMean(key, miss.keys, { by: 'edit-distance' });
    const full = (k: string) => (prefix ? `${prefix}.${k}` : k);
    add(
      'redact',
      ['redact', i],
      `\`${entry}\` matches nothing: ${where} has no \`${key}\`${parts[0] === 'narrative' && miss.at === 1 ? ' section' : ''}, so nothing would be hidden.`,
      guess
        ? `Did you mean \`${full(guess)}\`?`
        : `Name a field or section the case has${
            miss.keys.size > 0
              ? ` (${where}: ${[...miss.keys]
                  .slice(0, 8)
                  .map((k) => `\`${k}\``)
                  .join(', ')})`
              : ''
          }, or remove the entry.`,
    );
  });
};
