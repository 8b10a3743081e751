/**
 * Turns the bytes of a catalog file into data, safely: strict UTF-8, frontmatter fences,
 * a fast YAML parse (js-yaml, core schema) guarded against hostile structures, and source
 * positions computed lazily (with the `yaml` package) only for files that have findings.
 */
import jsyaml from 'js-yaml';
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import type { LineCounter, Node as YamlNode, parseDocument } from 'yaml';
import {
  BAIL,
  parseFastYaml,
  positionKey,
  positionsOfFastYaml,
  type PositionMap,
} from './fast-yaml/index.ts';
import { LineIndex, positionsFromEvents, YamlEvents } from './positions.ts';
import type { PendingFinding } from '../model/findings.ts';
import type { RuleId } from '../model/rules.ts';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Deepest nesting a catalog document may have. */
export const MAX_DEPTH = 64;
/** Most values a document may expand to (aliases count each time they are used). */
export const MAX_NODES = 100_000;
/** Keys that could reach an object's prototype if data were merged into objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A narrative section: a `## ` heading of a Markdown body, or a `narrative` key of a YAML case. */
export interface Section {
  /** Slug of the heading (`## Root causes` gives `root-causes`). */
  id: string;
  title: string;
  /** Markdown text of the section, without its heading. */
  text: string;
  /** 1-based line of the heading in the file (0 when the section comes from YAML). */
  line: number;
}

/** A catalog file parsed as far as it would go. */
export interface ParsedSource {
  file: string;
  format: 'markdown' | 'yaml';
  /** The decoded text of the whole file. */
  text: string;
  /** The YAML part: the whole file, or the frontmatter between the fences. */
  yamlText: string;
  /** Lines before the YAML part (1 for frontmatter, after the opening fence). */
  yamlLineOffset: number;
  /** Parsed YAML, or undefined when the file could not be parsed. */
  data: unknown;
  /** Whether the fast YAML path (fast-yaml/) read `data`, rather than js-yaml. */
  fast: boolean;
  /** Markdown body after the closing fence ('' for YAML files). */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** Findings about the file itself (encoding, fences, syntax, hostile structure), positioned. */
  findings: PendingFinding[];
}

/** The format a file name implies, or undefined for files that are not cases. */
export function formatOf(file: string): 'markdown' | 'yaml' | undefined {
  // Called for every file of a catalog: the end of the name, compared without regexes.
  const end = file.slice(-9).toLowerCase();
  if (end.endsWith('.md') || end.endsWith('.markdown')) return 'markdown';
  if (end.endsWith('.yaml') || end.endsWith('.yml')) return 'yaml';
  return undefined;
}

/**
 * Decodes and parses a case or configuration file. Never throws: every problem becomes a
 * finding, and `data` is undefined when nothing trustworthy could be read.
 */
export function parseSource(
  file: string,
  bytes: Uint8Array,
  format = formatOf(file) ?? 'yaml',
  options: ParseOptions = {},
): ParsedSource {
  const result = unparsed(file, format, '', []);
  const problem = (
    rule: RuleId,
    message: string,
    hint: string,
    line = 1,
    column = 1,
    severity: 'error' | 'warning' = 'error',
  ) => result.findings.push({ file, rule, severity, message, hint, path: [], line, column });

  if (bytes.byteLength > MAX_FILE_BYTES) {
    problem(
      'file-too-large',
      `File is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MiB; catalog files may be at most ${MAX_FILE_BYTES / 1024 / 1024} MiB.`,
      'Keep large evidence (logs, datasets, notebooks) outside the catalog and link to it under evidence.links.',
    );
    return result;
  }
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    start = 3;
    problem(
      'encoding',
      'File starts with a UTF-8 byte order mark (BOM).',
      'Save the file as UTF-8 without BOM.',
      1,
      1,
      'warning',
    );
  }
  const text = decodeUtf8(bytes.subarray(start), problem);
  if (text === undefined) return result;
  return parseSourceText(file, text, format, result.findings, options);
}

/** Options of parseSource. */
export interface ParseOptions {
  /**
   * Top-level keys whose keys' and values' positions the fast path records as it reads,
   * so `locate` finds them without a second pass (what rules across cases point at).
   */
  positionsUnder?: ReadonlySet<string>;
}

/**
 * `parseSource` from text already decoded: the empty-file check, frontmatter and the
 * guarded YAML parse. `findings` carries what decoding found (a BOM warning).
 */
export function parseSourceText(
  file: string,
  text: string,
  format: 'markdown' | 'yaml' = formatOf(file) ?? 'yaml',
  findings: PendingFinding[] = [],
  options: ParseOptions = {},
): ParsedSource {
  // Line ends read as LF everywhere after this: CRLF and CR-only files alike (js-yaml reads
  // a lone CR as a line break too, so the values are the same), and positions count lines
  // as an editor does.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const result = unparsed(file, format, text, findings);
  const problem: Problem = (rule, message, hint, line = 1, column = 1) =>
    result.findings.push({ file, rule, severity: 'error', message, hint, path: [], line, column });
  if (text.trim() === '') {
    problem('empty-file', 'File is empty.', 'Write a case, or start from `npx failcat new`.');
    return result;
  }

  if (format === 'markdown') {
    const fence = splitFrontmatter(text);
    if ('error' in fence) {
      problem(fence.error, fence.message, fence.hint, fence.line);
      return result;
    }
    result.yamlText = fence.yaml;
    result.yamlLineOffset = 1;
    result.body = fence.body;
    result.bodyLine = fence.bodyLine;
    // The fast path reads the frontmatter in place, in the file's own (flat) string.
    result.data = parseYaml(result, problem, fence.text, fence.from, options.positionsUnder);
    return result;
  }
  result.yamlText = text;
  result.data = parseYaml(result, problem, text, 0, options.positionsUnder);
  return result;
}

type Problem = (rule: RuleId, message: string, hint: string, line?: number, column?: number) => void;

/** A source before its YAML is read: no data, no body, the findings so far. */
function unparsed(
  file: string,
  format: 'markdown' | 'yaml',
  text: string,
  findings: PendingFinding[],
): ParsedSource {
  return {
    file,
    format,
    text,
    yamlText: '',
    yamlLineOffset: 0,
    data: undefined,
    fast: false,
    body: '',
    bodyLine: 1,
    findings,
  };
}

/** One strict decoder for every file: creating one per file costs more than decoding. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, problem: Problem): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    // Find where the first invalid sequence sits, to point at it.
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = loose.indexOf('\uFFFD');
    const { line, column } = positionOf(loose, Math.max(at, 0));
    problem(
      'encoding',
      'File is not valid UTF-8.',
      'Re-save the file as UTF-8 (most editors: "Save with encoding").',
      line,
      column,
    );
    return undefined;
  }
}

/** The YAML between the frontmatter fences of a Markdown file, or undefined when there is none. */
export function frontmatterYaml(text: string): string | undefined {
  const fence = splitFrontmatter(text);
  return 'error' in fence ? undefined : fence.yaml;
}

type FenceResult =
  | {
      yaml: string;
      body: string;
      bodyLine: number;
      /** The text the fences were found in (line ends made LF), and where `yaml` starts in it. */
      text: string;
      from: number;
    }
  | { error: 'frontmatter'; message: string; hint: string; line: number };

/**
 * The frontmatter of a Markdown file: the YAML between a first line `---` and the next
 * line `---` or `...`, and the body after it. Lines are found by offset, not by splitting
 * the whole file; CRLF line ends are read as LF.
 */
function splitFrontmatter(raw: string): FenceResult {
  const text = raw.includes('\r') ? raw.replace(/\r\n/g, '\n') : raw;
  const first = text.indexOf('\n');
  if ((first === -1 ? text : text.slice(0, first)).trim() !== '---') {
    return {
      error: 'frontmatter',
      message: 'Markdown case has no YAML frontmatter: the first line must be `---`.',
      hint: 'Start the file with `---`, the case fields in YAML, and a closing `---` line before the narrative.',
      line: 1,
    };
  }
  let line = 2;
  for (let start = first + 1; first !== -1 && start < text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const c = text.charCodeAt(start);
    if ((c === 45 || c === 46) && stop - start >= 3) {
      const l = text.slice(start, stop).trimEnd();
      if (l === '---' || l === '...') {
        return {
          yaml: start > first + 1 ? text.slice(first + 1, start - 1) : '',
          body: end === -1 ? '' : text.slice(end + 1),
          bodyLine: line + 1,
          text,
          from: first + 1,
        };
      }
    }
    if (end === -1) break;
    start = end + 1;
  }
  return {
    error: 'frontmatter',
    message: 'The frontmatter opened on line 1 is never closed.',
    hint: 'Add a line with only `---` after the last case field, before the narrative.',
    line: 1,
  };
}

/** Parses `src.yamlText`, which the fast path may read where it lies in `text`, from `from`. */
function parseYaml(
  src: ParsedSource,
  problem: Problem,
  text = src.yamlText,
  from = 0,
  under?: ReadonlySet<string>,
): unknown {
  const recorded = under && { positions: new Map() as PositionMap, under };
  const fast = parseFastYaml(text, from, from + src.yamlText.length, recorded);
  // The fast path refuses prototype keys and stays within the limits the guard enforces.
  if (fast !== BAIL) {
    src.fast = true;
    if (recorded) partialPositions.set(src, recorded);
    return fast;
  }
  let data: unknown;
  // Where js-yaml finds each node, recorded as it reads: positions without a second parse.
  const events = new YamlEvents();
  try {
    // The general parser takes everything outside the fast subset, and reports the errors.
    data = jsyaml.load(src.yamlText, {
      schema: jsyaml.CORE_SCHEMA,
      filename: src.file,
      listener: events.listener,
    });
  } catch (error) {
    if (error instanceof jsyaml.YAMLException) {
      const mark = error.mark;
      const reason = error.reason || 'invalid YAML';
      const line = (mark?.line ?? 0) + 1 + src.yamlLineOffset;
      const column = (mark?.column ?? 0) + 1;
      if (/maxDepth/.test(reason)) {
        problem(
          'too-deep',
          `Document is nested more than ${MAX_DEPTH} levels deep.`,
          'Flatten the structure: case fields never need this depth.',
          line,
          column,
        );
      } else if (/duplicated mapping key/.test(reason)) {
        problem(
          'duplicate-key',
          'A key appears twice in the same mapping.',
          'Remove or rename one of the two keys: YAML keeps only one.',
          line,
          column,
        );
      } else {
        problem(
          'yaml-syntax',
          `YAML syntax error: ${reason}.`,
          yamlHint(reason, src.yamlText, mark?.line),
          line,
          column,
        );
      }
    } else if (error instanceof RangeError) {
      problem(
        'too-deep',
        'Document is nested too deeply to parse.',
        `Keep nesting under ${MAX_DEPTH} levels.`,
        1 + src.yamlLineOffset,
      );
    } else {
      problem(
        'yaml-syntax',
        `YAML could not be parsed: ${String(error)}.`,
        'Check the file with a YAML linter.',
        1 + src.yamlLineOffset,
      );
    }
    return undefined;
  }
  const guard = guardStructure(data);
  if (guard) {
    const path = guard.path;
    src.findings.push({
      file: src.file,
      severity: 'error',
      path,
      atKey: guard.rule === 'forbidden-key',
      rule: guard.rule,
      message: guard.message,
      hint: guard.hint,
      // Structural guards on hostile documents point at the document start: locating inside
      // an alias bomb or a 10,000-deep nest would re-walk what was just refused.
      ...(guard.rule === 'forbidden-key' ? {} : { line: 1 + src.yamlLineOffset, column: 1 }),
    });
    return undefined;
  }
  parsedEvents.set(src, events);
  return data;
}

/** Positions the fast path recorded while it read a source, under some top-level keys. */
const partialPositions = new WeakMap<ParsedSource, { positions: PositionMap; under: ReadonlySet<string> }>();

/** js-yaml's node events of the sources it read (positions.ts turns them into positions). */
const parsedEvents = new WeakMap<ParsedSource, YamlEvents>();

function yamlHint(reason: string, yamlText: string, line: number | undefined): string {
  const text = line === undefined ? '' : (yamlText.split('\n')[line] ?? '');
  if (/\t/.test(text) || /tab/i.test(reason)) return 'YAML indentation must use spaces, not tabs.';
  // `key: text: more` reads as a second mapping inside a plain value.
  if (/^\s*(?:- )?[^\s:#][^:#]*: [^'"].*: /.test(text) && /mapping|indentation/.test(reason)) {
    return 'The value contains ": ", which YAML reads as another key. Quote it: key: "text: more".';
  }
  if (/bad indentation|indentation/.test(reason)) {
    return 'Align the entries of a mapping or list at the same indentation.';
  }
  if (/unidentified alias/.test(reason))
    return 'Define the anchor (&name) before using the alias (*name), or write the value out.';
  if (/end of the stream|unexpected end/.test(reason)) return 'A quote or bracket is not closed.';
  return 'Quote values that contain `: ` or start with a special character (`*`, `&`, `!`, `@`, `` ` ``).';
}

interface GuardFailure {
  rule: 'forbidden-key' | 'too-deep' | 'too-many-nodes';
  message: string;
  hint: string;
  path: (string | number)[];
}

/**
 * Walks a parsed document without recursion, refusing prototype keys, deep nesting and
 * alias expansion beyond MAX_NODES (js-yaml shares aliased objects, so a "billion laughs"
 * parses cheaply but would explode every later traversal).
 */
export function guardStructure(root: unknown): GuardFailure | undefined {
  // Paths are rebuilt from parent links only when a forbidden key is found, so the walk
  // allocates one small record per value instead of a path array per value.
  interface Entry {
    value: unknown;
    depth: number;
    parent?: Entry;
    key?: string | number;
  }
  const pathOf = (entry: Entry | undefined): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let e = entry; e?.parent; e = e.parent) path.unshift(e.key!);
    return path;
  };
  const stack: Entry[] = [{ value: root, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const value = entry.value;
    if (++nodes > MAX_NODES) {
      return {
        rule: 'too-many-nodes',
        message: `Document expands to more than ${MAX_NODES.toLocaleString('en')} values (an alias bomb, or far too much data).`,
        hint: 'Write values out instead of repeating YAML aliases (*name), and keep bulk data out of the catalog.',
        path: [],
      };
    }
    if (value === null || typeof value !== 'object') continue;
    if (entry.depth >= MAX_DEPTH) {
      return {
        rule: 'too-deep',
        message: `Document is nested more than ${MAX_DEPTH} levels deep.`,
        hint: 'Flatten the structure: case fields never need this depth.',
        path: [],
      };
    }
    const depth = entry.depth + 1;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], depth, parent: entry, key: i });
    } else {
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) {
          return {
            rule: 'forbidden-key',
            message: `Key \`${key}\` is not allowed.`,
            hint: 'Rename or remove the key: it could alter object prototypes in tools that read the catalog.',
            path: [...pathOf(entry), key],
          };
        }
        stack.push({ value: (value as Record<string, unknown>)[key], depth, parent: entry, key });
      }
    }
  }
  return undefined;
}

/**
 * How much positioning work this thread has done, for tests that assert a file's
 * findings are placed in one pass (a position map and a line index per file, however
 * many findings), not by time.
 */
export const positionWork = { positionMaps: 0, lineIndexes: 0, yamlPackageParses: 0 };

const lineIndexes = new WeakMap<ParsedSource, LineIndex>();

/** The line index of a source's whole text, built once per source. */
export function lineIndexOf(src: ParsedSource): LineIndex {
  let index = lineIndexes.get(src);
  if (!index) {
    lineIndexes.set(src, (index = new LineIndex(src.text)));
    positionWork.lineIndexes++;
  }
  return index;
}

/** 1-based line and column of a character offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const located = new WeakMap<ParsedSource, { doc: ReturnType<typeof parseDocument>; counter: LineCounter }>();

let yamlPackage: typeof YamlPackage | undefined;

/**
 * Hands over the `yaml` package, for a bundle that has no node_modules to load it from at
 * run time (the action's). Elsewhere it loads on first use.
 */
export function provideYamlPackage(pkg: typeof YamlPackage): void {
  yamlPackage = pkg;
}

/**
 * The `yaml` package, loaded when a finding is first located in a file outside the fast
 * path: most runs never need it, and loading it up front would slow every command's and
 * worker thread's start.
 */
function yamlLib(): typeof YamlPackage {
  return (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof YamlPackage);
}

/** Each source's position map, made once; null when only the `yaml` package can place it. */
const positionMaps = new WeakMap<ParsedSource, PositionMap | null>();

/**
 * The 1-based line and column of the value at `path` (or of its key, with `atKey`) in the
 * file, found again only for files with findings: through the fast parser's position map
 * when the file is in its subset, else through the `yaml` package. Falls back to the
 * deepest part of the path that exists.
 */
export function locate(
  src: ParsedSource,
  path: readonly (string | number)[],
  atKey = false,
): { line: number; column: number } {
  // Under a key whose positions the first parse recorded, they answer without another pass.
  const partial = partialPositions.get(src);
  if (partial && path.length > 0 && partial.under.has(path[0] as string)) {
    for (let n = path.length; n >= 1; n--) {
      const entry = partial.positions.get(positionKey(path.slice(0, n)));
      if (!entry) continue;
      const at = n === path.length && atKey ? (entry.key ?? entry.value) : (entry.value ?? entry.key);
      if (at) return { line: at[0] + src.yamlLineOffset, column: at[1] };
    }
  }
  const positions = positionMap(src);
  if (!positions) return locateWithYaml(src, path, atKey);
  for (let n = path.length; n >= 0; n--) {
    const entry = positions.get(positionKey(path.slice(0, n)));
    if (!entry) continue;
    const at = n === path.length && atKey ? (entry.key ?? entry.value) : (entry.value ?? entry.key);
    if (at) return { line: at[0] + src.yamlLineOffset, column: at[1] };
  }
  return { line: 1 + src.yamlLineOffset, column: 1 };
}

/**
 * The position map of a source, made once: from the fast parser when it read the file
 * (`src.fast`), else from js-yaml's events of the parse that read it; undefined when
 * neither can place the document (then the `yaml` package does).
 */
function positionMap(src: ParsedSource): PositionMap | undefined {
  let positions = positionMaps.get(src);
  if (positions === undefined) {
    const events = parsedEvents.get(src);
    positions =
      (src.fast
        ? positionsOfFastYaml(src.yamlText)
        : events && positionsFromEvents(src.yamlText, events, src.data)) ?? null;
    positionMaps.set(src, positions);
    positionWork.positionMaps++;
  }
  return positions ?? undefined;
}

const pairsByKey = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>();

/** `locate` through the `yaml` package's position-tracking parse: any YAML at all. */
export function locateWithYaml(
  src: ParsedSource,
  path: readonly (string | number)[],
  atKey = false,
): { line: number; column: number } {
  const { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } = yamlLib();
  let entry = located.get(src);
  if (!entry) {
    const counter = new LineCounter();
    const doc = parseDocument(src.yamlText, {
      lineCounter: counter,
      uniqueKeys: false,
      strict: false,
    });
    entry = { doc, counter };
    located.set(src, entry);
    positionWork.yamlPackageParses++;
  }
  const { doc, counter } = entry;
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      // Pairs by key, made once per mapping: a finding per key of a 60,000-key mapping
      // would otherwise search the mapping once per finding.
      let pairs = pairsByKey.get(node);
      if (!pairs) {
        pairs = new Map();
        for (const p of node.items) {
          const name = isPair(p) && isScalar(p.key) ? String(p.key.value) : undefined;
          if (name !== undefined && !pairs.has(name)) pairs.set(name, p);
        }
        pairsByKey.set(node, pairs);
      }
      const pair = pairs.get(String(segment));
      if (!pair) break;
      const key = pair.key as YamlNode;
      const value = pair.value as YamlNode | null;
      if ((last && atKey) || !value?.range) {
        offset = key.range?.[0] ?? offset;
        break;
      }
      node = value;
      offset = value.range[0];
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as YamlNode | undefined;
      if (!item?.range) break;
      node = item;
      offset = item.range[0];
    } else {
      break;
    }
  }
  const pos = counter.linePos(offset);
  return { line: pos.line + src.yamlLineOffset, column: pos.col };
}
