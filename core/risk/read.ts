/**
 * Reading case files for the risk check, kept apart from the matching so worker threads
 * load only the parser and the schema: the fields the check needs, parsed with the same
 * guards as every catalog file and checked against their schema.
 */
import type { RiskCase, RiskCaseData } from './match.ts';
import type { FailureCase } from '../model/schema-types.ts';
import { RISK_FIELDS, RISK_SUBFIELDS } from './fields.ts';
import { BAIL, parseFastYaml } from '../parse/fast-yaml/index.ts';
import { formatOf, frontmatterYaml, MAX_FILE_BYTES, parseSource, parseSourceText } from '../parse/source.ts';
import { RiskFields } from '../model/validators.generated.js';

export { RISK_FIELDS };

/**
 * Validates the fields the check reads against their case-schema definitions (precompiled
 * from core/risk-fields.ts). The rest of a case is the catalog's own validation's business.
 */
function validateRiskFields(data: unknown): boolean {
  return RiskFields(data);
}

const ALIAS_OR_MERGE = /(?:^|[\s[{,])\*[^\s,\]}]|<<[ \t]*:/m;

/** Whether a character code may continue a top-level key: A-Z a-z 0-9 _ - */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** The key of a top-level line (`key:` then a space, a tab or the end), or undefined. */
function topLevelKey(yaml: string, at: number, stop: number): string | undefined {
  const first = yaml.charCodeAt(at);
  if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) return undefined;
  let i = at + 1;
  while (i < stop && isKeyChar(yaml.charCodeAt(i))) i++;
  const keyEnd = i;
  while (i < stop && (yaml.charCodeAt(i) === 32 || yaml.charCodeAt(i) === 9)) i++;
  if (yaml.charCodeAt(i) !== 58 /* : */) return undefined;
  const after = i + 1 < stop ? yaml.charCodeAt(i + 1) : -1;
  return after === -1 || after === 32 || after === 9 || after === 13 ? yaml.slice(at, keyEnd) : undefined;
}

/**
 * The top-level blocks of a YAML mapping whose keys are in `keys`, as YAML text, so the
 * parser skips timelines, impact and narrative the check never reads. Returns undefined
 * whenever the text is anything but a plain block mapping (document markers, complex or
 * quoted keys, a sequence at column 0, aliases that could point into a dropped block):
 * the caller then parses the whole file, so the shortcut never changes a result.
 */
export function pickTopLevel(
  yaml: string,
  keys: ReadonlySet<string>,
  children: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): string | undefined {
  let text = '';
  let start = -1;
  let keep = false;
  let only: ReadonlySet<string> | undefined;
  const take = (block: string) => (text += only ? keepChildren(block, only) : block);
  // Only lines that start at column 0 with something other than white space or a comment
  // start a block (comments there stay with the block before). Lines are found with
  // indexOf, and the text is never split into all its lines.
  for (let at = 0; at < yaml.length;) {
    const end = yaml.indexOf('\n', at);
    const stop = end === -1 ? yaml.length : end;
    const c = yaml.charCodeAt(at);
    const startsBlock = at < stop && c !== 35 /* # */ && (c > 127 ? !/\s/.test(yaml[at]!) : c > 32);
    if (startsBlock) {
      if (keep) take(yaml.slice(start, at));
      const key = topLevelKey(yaml, at, stop);
      if (key === undefined) return undefined;
      keep = keys.has(key);
      only = children.get(key);
      start = at;
    }
    at = stop + 1;
  }
  if (keep) take(yaml.slice(start));
  return ALIAS_OR_MERGE.test(text) ? undefined : text;
}

/**
 * A top-level block (`key:` and its lines) with only the child entries named in `keep`.
 * Blank and comment lines go with the entry they follow. Returns the block as it is
 * whenever its children are anything but plain `name:` entries at one indentation (a
 * value on the key's own line, a list, tabs, odd indentation): then the parse decides.
 */
function keepChildren(block: string, keep: ReadonlySet<string>): string {
  const firstEnd = block.indexOf('\n');
  if (firstEnd === -1) return block;
  const colon = block.indexOf(':');
  if (!/^[ \t]*(?:#.*)?$/.test(block.slice(colon + 1, firstEnd))) return block;
  let out = block.slice(0, firstEnd + 1);
  let indent = -1;
  let keeping = true;
  for (let at = firstEnd + 1; at < block.length;) {
    const end = block.indexOf('\n', at);
    const stop = end === -1 ? block.length : end;
    let n = at;
    while (block.charCodeAt(n) === 32) n++;
    const c = block.charCodeAt(n);
    if (c === 9) return block;
    const blank = n === stop || c === 13 || c === 35; /* # */
    if (!blank) {
      const column = n - at;
      if (indent === -1) indent = column;
      if (column < indent) return block;
      if (column === indent) {
        const key = topLevelKey(block, n, stop);
        if (key === undefined) return block;
        keeping = keep.has(key);
      }
    }
    if (keeping) out += block.slice(at, stop + 1);
    at = stop + 1;
  }
  return out;
}

const RISK_FIELD_SET: ReadonlySet<string> = new Set(RISK_FIELDS);
const RISK_SUBFIELD_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(RISK_SUBFIELDS).map(([key, fields]) => [key, new Set(fields)]),
);
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
      subset = pickTopLevel(yaml, RISK_FIELD_SET, RISK_SUBFIELD_SETS);
      // The fast path parses just the needed blocks; anything outside its subset takes the
      // general route below, with the guards of every catalog file.
      const data = subset === undefined ? BAIL : parseFastYaml(subset);
      if (data !== BAIL)
        return validateRiskFields(data) ? { file, data: slimCase(data as FailureCase) } : undefined;
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
