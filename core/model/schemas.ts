/**
 * The JSON Schemas of every catalog file, compiled once with ajv, and the translation of
 * ajv's errors into findings with a message a contributor can act on.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import caseSchema from '../../schemas/case.schema.json' with { type: 'json' };
import checklistSchema from '../../schemas/checklist.schema.json' with { type: 'json' };
import deploySchema from '../../schemas/deploy.schema.json' with { type: 'json' };
import exportSchema from '../../schemas/export.schema.json' with { type: 'json' };
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' };
import taxonomySchema from '../../schemas/taxonomy.schema.json' with { type: 'json' };
import type { PendingFinding } from './findings.ts';
import type { Policy } from './schema-types.ts';
import { didYouMean, excerpt, excerptKey } from './text.ts';
import * as precompiled from './validators.generated.js';

/** The schemas by file kind, as published under `schemas/` on the site. */
export const SCHEMAS = {
  case: caseSchema,
  taxonomy: taxonomySchema,
  policy: policySchema,
  checklist: checklistSchema,
  deploy: deploySchema,
  export: exportSchema,
} as const;

/** A kind of catalog file that has a schema. */
export type SchemaKind = keyof typeof SCHEMAS;

/** The precompiled validator of each kind (scripts/gen-types.ts builds them with AJV_OPTIONS). */
const VALIDATORS: Record<SchemaKind, ValidateFunction> = {
  case: precompiled.FailureCase,
  taxonomy: precompiled.Taxonomy,
  policy: precompiled.Policy,
  checklist: precompiled.Checklist,
  deploy: precompiled.DeploymentManifest,
  export: precompiled.CatalogExport,
};

/** The policy's risk block with every setting its schema gives a default for filled in. */
export type RiskSettings = Required<Omit<NonNullable<Policy['risk']>, 'levels'>> & {
  levels: Required<NonNullable<NonNullable<Policy['risk']>['levels']>>;
};

/**
 * The policy's risk block with the schema's defaults filled into a copy (all of them when
 * the policy has no risk block). A copy, so the policy as loaded, and as exported, gains
 * no block its file does not have. The policy must be valid (loaded through its schema).
 */
export function riskSettingsOf(policy: Pick<Policy, 'risk'> | undefined): RiskSettings {
  const risk = structuredClone(policy?.risk ?? {});
  if (!precompiled.PolicyRisk(risk)) {
    const problems = (precompiled.PolicyRisk.errors ?? []).map((e) => `risk${e.instancePath} ${e.message}`);
    throw new Error(`The policy does not match policy.schema.json: ${problems.join('; ')}.`);
  }
  return risk as RiskSettings;
}

/**
 * Validates data against the schema of its kind, filling in schema defaults. Returns one
 * finding per problem (at most one per value), each with a path for positioning.
 */
export function validateSchema(kind: SchemaKind, file: string, data: unknown): PendingFinding[] {
  const validate = VALIDATORS[kind];
  if (validate(data)) return [];
  return translateErrors(file, validate.errors ?? [], SCHEMAS[kind], data);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(path: (string | number)[]): string {
  if (path.length === 0) return 'The document';
  return (
    '`' +
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : (i ? '.' : '') + excerptKey(p))).join('') +
    '`'
  );
}

/** What a schema node may say about itself, as far as messages need. */
interface SchemaNode {
  description?: string;
  properties?: Record<string, { description?: string }>;
}

/** Follows a JSON pointer (`#/properties/a/b`) through a document. */
function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.replace(/^#?\/?/, '').split('/')) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The field names of a oneOf/anyOf whose every branch only requires one field (`equals` | `at_least`). */
function requiredAlternatives(error: ErrorObject, schema: object): string[] | undefined {
  if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') return undefined;
  const branches = resolvePointer(schema, error.schemaPath);
  if (!Array.isArray(branches)) return undefined;
  const names = branches.map((branch) => {
    const b = branch as { required?: unknown } | null;
    return b && Object.keys(b).length === 1 && Array.isArray(b.required) && b.required.length === 1
      ? String(b.required[0])
      : undefined;
  });
  return names.every((n) => n !== undefined) ? (names as string[]) : undefined;
}

function translateErrors(
  file: string,
  errors: ErrorObject[],
  schema: object,
  data: unknown,
): PendingFinding[] {
  const seen = new Set<string>();
  const findings: PendingFinding[] = [];
  // "One of these fields" branches: their sub-errors each claim a field is required, which
  // reads as "add both"; say what the schema means instead.
  const absorbed = new Set<ErrorObject>();
  for (const error of errors) {
    const names = requiredAlternatives(error, schema);
    if (!names) continue;
    absorbed.add(error);
    for (const e of errors) if (e.schemaPath.startsWith(`${error.schemaPath}/`)) absorbed.add(e);
    const path = pointerToPath(error.instancePath);
    const list = names.map((n) => `\`${n}\``).join(' or ');
    const both = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
    findings.push({
      file,
      rule: 'schema',
      severity: 'error',
      path,
      message: both
        ? `${describe(path)} has more than one of ${list}.`
        : `${describe(path)} needs one of ${list}.`,
      hint: both ? `Keep only one of ${list}.` : `Add ${list}.`,
    });
  }
  const rest = errors.filter((e) => !absorbed.has(e));
  // Branch keywords (oneOf/anyOf) repeat what their sub-errors say; keep them only when alone.
  const specific = rest.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const chosen = specific.length > 0 ? specific : rest;
  for (const error of chosen) {
    const path = pointerToPath(error.instancePath);
    // The schema node that holds the failing keyword: the schema path minus the keyword.
    const parent = resolvePointer(schema, error.schemaPath.replace(/\/[^/]*$/, '')) as SchemaNode | undefined;
    const finding = translateError(
      file,
      { ...error, parentSchema: parent, data: resolvePointer(data, error.instancePath) },
      path,
    );
    const key = finding.path.join('\u0000') + '\u0000' + String(finding.atKey) + finding.message;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function translateError(file: string, error: ErrorObject, path: (string | number)[]): PendingFinding {
  const base = { file, rule: 'schema' as const, severity: 'error' as const, path };
  const schema = error.parentSchema as
    { description?: string; properties?: Record<string, { description?: string }> } | undefined;
  const what = describe(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      const guess = didYouMean(extra, known, { by: 'edit-distance' });
      // `{ detected_by: on-call, ML team }`: the comma ended the value and made `ML team` a
      // key without a value. Such a key is the rest of a value, not a field of the author's.
      const cut = (error.data as Record<string, unknown> | undefined)?.[extra] === null;
      return {
        ...base,
        path: [...path, extra],
        atKey: true,
        message: `Unknown field \`${excerptKey(extra)}\`${path.length ? ` in ${what}` : ''}.`,
        hint: guess
          ? `Did you mean \`${guess}\`?`
          : cut
            ? `\`${extra}\` has no value: if it is the rest of a value cut at a comma (in \`{ … }\` a comma ends a value), quote that value ("…, ${extra}"). Known fields: ${known.join(', ')}.`
            : `Known fields: ${known.join(', ')}. Prefix a field of your own with \`x-\`.`,
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const description = schema?.properties?.[missing]?.description;
      return {
        ...base,
        atKey: path.length > 0,
        message: `Missing required field \`${missing}\`${path.length ? ` in ${what}` : ''}.`,
        hint: description ? `Add \`${missing}\`: ${lowerFirst(description)}` : `Add \`${missing}\`.`,
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return {
        ...base,
        message: `${what} is ${excerpt(error.data)}, not one of the allowed values.`,
        hint: `Use one of: ${allowed.map(String).join(', ')}.`,
      };
    }
    case 'type': {
      const expected = (error.params as { type: string | string[] }).type;
      const type = Array.isArray(expected) ? expected.join(' or ') : expected;
      const noun = type === 'object' ? 'mapping' : type === 'array' ? 'list' : type;
      return {
        ...base,
        message: `${what} must be ${article(noun)} ${noun}, not ${kindOf(error.data)}.`,
        hint: schema?.description
          ? `${what}: ${lowerFirst(schema.description)}`
          : `Write ${article(type)} ${type}.`,
      };
    }
    case 'pattern':
    case 'format':
      return {
        ...base,
        message: `${what} has the wrong form: ${excerpt(error.data)}.`,
        hint: schema?.description ?? `Match ${String((error.params as { pattern?: string }).pattern)}.`,
      };
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'minProperties':
    case 'uniqueItems':
      return {
        ...base,
        message: `${what} ${error.message ?? 'is out of range'}.`,
        hint: schema?.description ?? 'See the schema for the allowed range.',
      };
    default:
      return {
        ...base,
        message: `${what} ${error.message ?? 'is invalid'}.`,
        hint: schema?.description ?? 'See the schema.',
      };
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${excerpt(value)}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
