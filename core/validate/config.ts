/**
 * The catalog's own configuration (taxonomy, policy, checklist): parsing, schema
 * validation, internal consistency, and the lookup sets the case rules use.
 */
import type { PendingFinding } from '../model/findings.ts';
import type { Checklist, Policy, Taxonomy } from '../model/schema-types.ts';
import { characterFindings } from './characters.ts';
import { validateSchema, type SchemaKind } from '../model/schemas.ts';
import { parseSource, type ParsedSource } from '../parse/source.ts';

/** The three configuration files of a catalog folder. */
export const CONFIG_FILES = {
  taxonomy: 'taxonomy.yaml',
  policy: 'policy.yaml',
  checklist: 'checklist.yaml',
} as const;

/** A catalog's configuration, with whatever could not be read left undefined. */
export interface CatalogConfig {
  taxonomy?: Taxonomy;
  policy?: Policy;
  checklist?: Checklist;
}

/** Lookup sets derived once from the configuration, shared by every case check. */
export interface RuleContext {
  config: CatalogConfig;
  failureModes?: Set<string>;
  layers?: Set<string>;
  detectionMethods?: Set<string>;
  exampleKinds?: Set<string>;
  linkKinds?: Set<string>;
  checks?: Set<string>;
  /** Severity ids, most severe first. */
  severityOrder?: string[];
}

/** Parses and validates one configuration file; returns its data when it is valid. */
export function readConfigFile<K extends keyof typeof CONFIG_FILES>(
  kind: K,
  file: string,
  bytes: Uint8Array | undefined,
): { data?: CatalogConfig[K]; source?: ParsedSource; findings: PendingFinding[] } {
  if (!bytes) {
    return {
      findings: [
        {
          file,
          path: [],
          line: 1,
          column: 1,
          rule: 'config-missing',
          severity: 'error',
          message: `The catalog has no ${CONFIG_FILES[kind]}.`,
          hint: `Create ${file} (see the README for an example), or point --catalog at the catalog folder.`,
        },
      ],
    };
  }
  const source = parseSource(file, bytes, 'yaml');
  const findings = [...source.findings];
  if (source.data === undefined && findings.length > 0) return { source, findings };
  const schemaFindings = validateSchema(kind as SchemaKind, file, source.data ?? null);
  findings.push(...schemaFindings);
  if (schemaFindings.length > 0) return { source, findings };
  const data = source.data as CatalogConfig[K];
  findings.push(...characterFindings(file, data), ...checkConsistency(kind, file, data));
  return { data, source, findings };
}

function checkConsistency(kind: keyof typeof CONFIG_FILES, file: string, data: unknown): PendingFinding[] {
  const findings: PendingFinding[] = [];
  const duplicate = (path: (string | number)[], id: string) =>
    findings.push({
      file,
      path,
      rule: 'unique-id',
      severity: 'error',
      message: `Id \`${id}\` is defined twice.`,
      hint: 'Give each entry its own id.',
    });
  const uniqueIds = (list: { id: string }[] | undefined, key: string) => {
    const seen = new Set<string>();
    list?.forEach((entry, i) => {
      if (seen.has(entry.id)) duplicate([key, i, 'id'], entry.id);
      seen.add(entry.id);
    });
    return seen;
  };
  if (kind === 'taxonomy') {
    const t = data as Taxonomy;
    const modes = uniqueIds(t.failure_modes, 'failure_modes');
    for (const key of ['root_cause_layers', 'detection_methods', 'example_kinds', 'link_kinds'] as const)
      uniqueIds(t[key], key);
    t.failure_modes.forEach((mode, i) => {
      if (mode.parent !== undefined && !modes.has(mode.parent)) {
        findings.push({
          file,
          path: ['failure_modes', i, 'parent'],
          rule: 'taxonomy-ref',
          severity: 'error',
          message: `Parent \`${mode.parent}\` of failure mode \`${mode.id}\` is not defined.`,
          hint: 'Name the id of another failure mode in this file, or remove parent.',
        });
      }
    });
  } else if (kind === 'checklist') {
    uniqueIds((data as Checklist).items, 'items');
  } else {
    const p = data as Policy;
    const severities = uniqueIds(p.severities, 'severities');
    p.rubric?.forEach((rule, i) => {
      if (!severities.has(rule.min_severity)) {
        findings.push({
          file,
          path: ['rubric', i, 'min_severity'],
          rule: 'severity-ref',
          severity: 'error',
          message: `Rubric rule \`${rule.id}\` names severity \`${rule.min_severity}\`, which the policy does not define.`,
          hint: `Use one of: ${[...severities].join(', ')}.`,
        });
      }
    });
    // A misspelt severity would make a blocking item block for no case at all.
    p.risk?.blocking?.forEach((b, i) => {
      if (b.from_severity !== undefined && !severities.has(b.from_severity)) {
        findings.push({
          file,
          path: ['risk', 'blocking', i, 'from_severity'],
          rule: 'severity-ref',
          severity: 'error',
          message: `Blocking item \`${b.item}\` names severity \`${b.from_severity}\`, which the policy does not define.`,
          hint: `Use one of: ${[...severities].join(', ')}.`,
        });
      }
    });
  }
  return findings;
}

/** Builds the lookup sets the case rules need from whatever configuration is valid. */
export function createRuleContext(config: CatalogConfig): RuleContext {
  const ids = (list: { id: string }[] | undefined) => (list ? new Set(list.map((e) => e.id)) : undefined);
  const t = config.taxonomy;
  return {
    config,
    failureModes: ids(t?.failure_modes),
    layers: ids(t?.root_cause_layers),
    detectionMethods: ids(t?.detection_methods),
    // Kinds are optional vocabularies: when the taxonomy defines none, any kind is accepted.
    exampleKinds: ids(t?.example_kinds),
    linkKinds: ids(t?.link_kinds),
    checks: ids(config.checklist?.items),
    severityOrder: config.policy?.severities.map((s) => s.id),
  };
}
