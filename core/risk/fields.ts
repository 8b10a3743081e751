/**
 * The part of the case schema the risk check reads. A case with a bad timeline still names
 * the model that failed, so the check validates only these fields; the catalog's own
 * validation covers the rest. scripts/gen-types.ts precompiles the derived schema.
 */

/** The top-level case fields the risk check reads. */
export const RISK_FIELDS = [
  'id',
  'title',
  'severity',
  'status',
  'occurred_at',
  'system',
  'data',
  'safeguards',
  'regression_tests',
] as const;

/**
 * Of these objects the check reads only some fields: the others (a model's version, the
 * data's slices) are neither validated nor parsed for it (risk-read.ts leaves them out).
 */
export const RISK_SUBFIELDS: Readonly<Record<string, readonly string[]>> = {
  system: ['model'],
  data: ['sources', 'features'],
};

interface ObjectSchema {
  description?: string;
  properties: Record<string, unknown>;
}

interface CaseSchemaShape {
  $id: string;
  required: string[];
  properties: Record<string, unknown>;
  $defs: Record<string, unknown>;
}

/** The case schema cut down to RISK_FIELDS (and RISK_SUBFIELDS), with the same definitions. */
export function riskFieldsSchema(schema: CaseSchemaShape) {
  const fields = RISK_FIELDS as readonly string[];
  const property = (key: string) => {
    const sub = RISK_SUBFIELDS[key];
    if (!sub) return schema.properties[key];
    const full = schema.properties[key] as ObjectSchema;
    // The other fields may be there, and anything: the catalog's validation checks them.
    return {
      description: full.description,
      type: 'object',
      properties: Object.fromEntries(sub.map((k) => [k, full.properties[k]])),
    };
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schema.$id.replace(/\.schema\.json$/, '.risk-fields.schema.json'),
    title: 'RiskFields',
    description: 'The fields of a failure case that the PR risk check reads.',
    type: 'object',
    required: schema.required.filter((k) => fields.includes(k)),
    properties: Object.fromEntries(fields.map((k) => [k, property(k)])),
    $defs: schema.$defs,
  };
}
