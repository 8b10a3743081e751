/**
 * Reading case files for the risk check, kept apart from the matching so worker threads
 * load only the parser and the schema: the fields the check needs, parsed with the same
 * guards as every catalog file and checked against their schema.
 */
import type { RiskCase, RiskCaseData } from './risk.ts';
import type { FailureCase } from './schema-types.ts';
import { RISK_FIELDS } from './risk-fields.ts';
import { BAIL, parseFastYamlKeys } from './fast-yaml.ts';
import { formatOf, frontmatterYaml, MAX_FILE_BYTES, parseSource, parseSourceText } from './source.ts';
import { RiskFields } from './validators.generated.js';

export { RISK_FIELDS };

/**
 * Validates the fields the check reads against their case-schema definitions (precompiled
 * from core/risk-fields.ts). The rest of a case is the catalog's own validation's business.
 */
function validateRiskFields(data: unknown): boolean {
  return RiskFields(data);
}

const BLOCK_START = /^[^\s#][^\n]*/gm;
const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)/;
const ALIAS_OR_MERGE = /(?:^|[\s[{,])\*[^\s,\]}]|<<[ \t]*:/m;

/**
 * The top-level blocks of a YAML mapping whose keys are in `keys`, as YAML text, so the
 * parser skips timelines, impact and narrative the check never reads. Returns undefined
 * whenever the text is anything but a plain block mapping (document markers, complex or
 * quoted keys, aliases that could point into a dropped block): the caller then parses
 * the whole file, so the shortcut never changes a result.
 */
export function pickTopLevel(yaml: string, keys: ReadonlySet<string>): string | undefined {
  const parts: string[] = [];
  let start = -1;
  let keep = false;
  // Only lines at column 0 start a block (comments there stay with the block before),
  // so the text is never split into all its lines.
  for (const m of yaml.matchAll(BLOCK_START)) {
    if (keep) parts.push(yaml.slice(start, m.index));
    const key = TOP_LEVEL_KEY.exec(m[0]);
    if (!key) return undefined;
    keep = keys.has(key[1]!);
    start = m.index;
  }
  if (keep) parts.push(yaml.slice(start));
  const text = parts.join('');
  return ALIAS_OR_MERGE.test(text) ? undefined : text;
}

const RISK_FIELD_SET: ReadonlySet<string> = new Set(RISK_FIELDS);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a case file for the risk check only: the fields it needs, parsed with the same
 * guards as every catalog file and checked against their schema, with no catalog rules
 * and no source positions (a risk check needs the case, not its findings). Returns
 * undefined when the file is not a usable case.
 */
export function readRiskCase(file: string, bytes: Uint8Array): RiskCase | undefined {
  let subset: string | undefined;
  if (bytes.byteLength <= MAX_FILE_BYTES) {
    let text: string | undefined;
    try {
      text = UTF8.decode(bytes);
    } catch {
      return undefined;
    }
    const yaml = formatOf(file) === 'markdown' ? frontmatterYaml(text) : text;
    if (yaml !== undefined) {
      // The fast path parses the needed fields and skips the rest; anything outside its
      // subset takes the general route below, with the guards of every catalog file.
      const data = parseFastYamlKeys(yaml, RISK_FIELD_SET);
      if (data !== BAIL)
        return validateRiskFields(data) ? { file, data: slimCase(data as FailureCase) } : undefined;
      subset = pickTopLevel(yaml, RISK_FIELD_SET);
    }
  }
  const src = subset === undefined ? parseSource(file, bytes) : parseSourceText(file, subset, 'yaml');
  if (src.data === undefined || src.findings.some((f) => f.severity === 'error')) return undefined;
  if (!validateRiskFields(src.data)) return undefined;
  return { file, data: slimCase(src.data as FailureCase) };
}

/** The fields of a case the risk check reads, so caches and worker messages stay small. */
export function slimCase(data: RiskCaseData): RiskCaseData {
  const { id, title, severity, status, occurred_at, system, data: d, safeguards, regression_tests } = data;
  return {
    id,
    title,
    severity,
    status,
    occurred_at,
    ...(system ? { system: { model: system.model } } : {}),
    ...(d ? { data: { sources: d.sources, features: d.features } } : {}),
    ...(safeguards ? { safeguards } : {}),
    ...(regression_tests ? { regression_tests } : {}),
  };
}
