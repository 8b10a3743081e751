/**
 * A fast path for the YAML that catalog files are made of: block mappings and sequences,
 * plain, quoted and block scalars, one-line flow collections, comments. It returns
 * exactly what js-yaml's core schema returns for the documents it accepts, and BAIL for
 * anything else (anchors, tags, multi-line plain scalars, odd numbers, duplicate keys,
 * syntax errors...), which then go to js-yaml. Parsing dominates validation time, and a
 * parser of this subset alone does far less work than a general one.
 *
 * Reached only through index.ts, where the switch that turns it off is (README.md here).
 * Equivalence with js-yaml is tested on every fixture, the shipped catalog, generated
 * catalogs and random mutations of them (test/core/fast-yaml.test.ts).
 */

/** Returned when the document is outside the subset; the caller falls back to js-yaml. */
export const BAIL: unique symbol = Symbol('bail');

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

/**
 * Parses a YAML document in the fast subset, or returns BAIL. The document is `text`, or
 * its part from `from` to `to` (a Markdown file's frontmatter, read in place).
 */
export function parseFastYaml(
  text: string,
  from = 0,
  to = text.length,
  recorded?: { positions: PositionMap; under: ReadonlySet<string> },
): unknown {
  return run(text, from, to, recorded?.positions, recorded?.under);
}

/** A 1-based [line, column] in the parsed text. */
export type Position = [line: number, column: number];

/** Where a value's key and the value itself start, by path (segments joined with \u0001). */
export type PositionMap = Map<string, { key?: Position; value?: Position }>;

/**
 * The source positions of every key and value of a document in the fast subset, or
 * undefined outside it. Only files with findings need these, and this costs a fraction
 * of a second parse with the general position-tracking parser.
 */
export function positionsOfFastYaml(text: string): PositionMap | undefined {
  const positions: PositionMap = new Map();
  return run(text, 0, text.length, positions) === BAIL ? undefined : positions;
}

/** Joins a path into a PositionMap key. */
export function positionKey(path: readonly (string | number)[]): string {
  return path.join('\u0001');
}

/**
 * Characters the fast path leaves to js-yaml: tabs and carriage returns, and what js-yaml
 * refuses as non-printable (the C0 and C1 controls but newline and NEL, U+FFFE, U+FFFF).
 * Surrogates without their pair are tested apart, with the much faster isWellFormed.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL = /[\x00-\x09\x0B-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

function run(
  text: string,
  from: number,
  to: number,
  positions: PositionMap | undefined,
  under?: ReadonlySet<string>,
): unknown {
  const doc = from === 0 && to === text.length ? text : text.slice(from, to);
  if (doc.charCodeAt(0) === 0xfeff || UNUSUAL.test(doc) || !doc.isWellFormed()) return BAIL;
  comments.reset();
  colons.reset();
  backslashes.reset();
  try {
    const parser = new Parser(text, from, to, positions);
    parser.under = under;
    parser.recorded = positions;
    const first = parser.nextContent(0);
    if (first === -1) return BAIL;
    parser.mark('value', first, parser.indentOf(first));
    const value = parser.block(first, parser.indentOf(first), 0);
    if (parser.nextContent(parser.i) !== -1) return BAIL;
    return value;
  } catch (error) {
    if (error instanceof Bail) return BAIL;
    throw error;
  }
}

/** Characters after the first of a plain key: A-Z a-z 0-9 _ . - */
const KEY_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-')
  KEY_CHAR[c.charCodeAt(0)] = 1;

/**
 * The index of the colon that ends a `key:` starting at `from` on a line that ends at
 * `end`, when a space or the line's end follows it; else -1. Keys are `[A-Za-z_][A-Za-z0-9_.-]*`, the only ones the
 * subset takes. A scan by character codes: this runs once per key of every case.
 */
function keyColon(s: string, from: number, end: number): number {
  if (from >= end) return -1;
  const first = s.charCodeAt(from);
  if (!(first === 95 || ((first | 32) >= 97 && (first | 32) <= 122))) return -1;
  let i = from + 1;
  while (i < end && s.charCodeAt(i) < 128 && KEY_CHAR[s.charCodeAt(i)] === 1) i++;
  if (i === end || s.charCodeAt(i) !== 58 /* : */) return -1;
  return i + 1 === end || s.charCodeAt(i + 1) === 32 ? i : -1;
}

/** Keys already seen, by a hash of length and end characters (see internKey). */
const KEY_SLOTS = 4096;
const keySlots: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);

/**
 * `s.slice(from, to)` as a key string seen before when there is one. Catalog files reuse a
 * few dozen keys; handing V8 the same (internalized) string each time makes the property
 * store take its fast path instead of hashing a fresh string for every key of every file.
 * Bails on prototype keys, which the table never holds, so a key it returns is safe to store.
 */
function internKey(s: string, from: number, to: number): string {
  const length = to - from;
  const slot =
    (Math.imul(length, 0x9e3779b1) ^ (s.charCodeAt(from) << 7) ^ s.charCodeAt(to - 1)) & (KEY_SLOTS - 1);
  const known = keySlots[slot];
  if (known !== undefined && known.length === length && s.startsWith(known, from)) return known;
  const raw = s.slice(from, to);
  // The table holds only keys spelt as stored, never `True` for `true`.
  const key = length <= 5 ? plainKey(raw) : raw;
  if (FORBIDDEN.has(key)) return bail();
  if (known !== undefined || length > 64 || key !== raw) return key;
  // A copy, not a slice: V8 slices keep the whole file's text alive, and this one is kept.
  const copy = Array.from({ length }, (_, i) => s[from + i]).join('');
  keySlots[slot] = copy;
  return copy;
}

/**
 * The property name js-yaml gives a plain key: a key that resolves to null or a boolean
 * (`Null`, `TRUE`, `False`...) becomes `String(value)`, so `True: 1` is `{ true: 1 }` and
 * `true` and `TRUE` in one mapping are a duplicate key.
 */
function plainKey(raw: string): string {
  if (raw.length > 5) return raw;
  if (NULLS.has(raw)) return 'null';
  if (TRUES.has(raw)) return 'true';
  if (FALSES.has(raw)) return 'false';
  return raw;
}

/** Characters that cannot start a plain scalar in the subset (YAML indicators). */
const INDICATOR = new Uint8Array(128);
for (const c of '&*!|>%@`?:,[]{}#"\'') INDICATOR[c.charCodeAt(0)] = 1;
/** Characters that end a plain scalar inside a flow collection. */
const FLOW_END = new Uint8Array(128);
for (const c of ',[]{}#') FLOW_END[c.charCodeAt(0)] = 1;

/** Keys refused by the fast path; the general parser and the structure guard report them. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * Limits past which the fast path bails, well inside the structure guard's (source.ts), so
 * a document the fast path accepts never needs the guard's walk. Catalog files nest about
 * six levels and hold a few hundred values.
 */
const MAX_FAST_DEPTH = 32;
const MAX_FAST_NODES = 20_000;
const INT = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
/** Plain scalars that start like a number: js-yaml may read some of them as one. */
const NUMERIC_START = /^[-+.]?[0-9.]/;
/** Numeric-looking strings the core schema leaves as strings: dates, date-times, versions. */
const STRING_LIKE =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$|^[0-9]+(?:\.[0-9]+){2,}$/;
/** Characters no YAML number contains; a numeric-looking scalar with one is a string. */
const NOT_NUMERIC = /[^0-9._+\-eExXoObBaAcCdDfFiInN]/;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);

/** Resolves a plain scalar as YAML's core schema (js-yaml CORE_SCHEMA) does. */
function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  // Most scalars are words: only these first characters can start a null (n N ~), a
  // boolean (t T f F), a number or .inf/.nan (+ , - . / and digits, codes 43 to 57).
  if (
    (c < 43 || c > 57) &&
    c !== 110 &&
    c !== 78 &&
    c !== 126 &&
    c !== 116 &&
    c !== 84 &&
    c !== 102 &&
    c !== 70
  ) {
    return raw;
  }
  // null, true and false in every spelling are at most five characters.
  if (raw.length <= 5) {
    if (NULLS.has(raw)) return null;
    if (TRUES.has(raw)) return true;
    if (FALSES.has(raw)) return false;
  }
  if (raw[0] === '.' && /^\.(?:inf|nan)$/i.test(raw)) return bail();
  if (!NUMERIC_START.test(raw)) return raw;
  if (INT.test(raw) || (FLOAT.test(raw) && raw.replace(/^[-+]/, '').length < 16)) {
    const n = Number(raw);
    // js-yaml reads the integer -0 as 0 (the float -0.0 stays negative zero).
    if (n === 0 && INT.test(raw)) return 0;
    // js-yaml keeps a float that overflows (1e400) as text.
    return Number.isFinite(n) ? n : bail();
  }
  if (STRING_LIKE.test(raw) || NOT_NUMERIC.test(raw)) return raw;
  // Octal, hex, underscores, leading zeros, `1.`: leave them to js-yaml.
  return bail();
}

/**
 * The next place a pattern starts, remembered: the document is one string,
 * not a string per line, so a search for the ` #` of a comment runs on past the line, to
 * the end of the document when there is none. Asked again from a later place before the
 * match it found, it answers without searching, so the searches of one document together
 * read it about once.
 */
class NextMatch {
  private readonly pattern: string;
  private from = -1;
  private at = -1;

  constructor(pattern: string) {
    this.pattern = pattern;
  }

  reset(): void {
    this.from = -1;
  }

  /** Where the pattern first starts at or after `at` in `s`, or -1. */
  find(s: string, at: number): number {
    if (this.from === -1 || at < this.from || (this.at !== -1 && this.at < at)) {
      this.from = at;
      this.at = s.indexOf(this.pattern, at);
    }
    return this.at;
  }
}

/** Where comments, `key: ` separators and escapes start (see NextMatch); reset for every document. */
const comments = new NextMatch(' #');
const colons = new NextMatch(': ');
const backslashes = new NextMatch('\\');

/**
 * A plain scalar in block context from `at` to a comment or the line's end `lineEnd`;
 * bails on what needs the full parser.
 */
function plainScalar(s: string, at: number, lineEnd: number): unknown {
  const hash = comments.find(s, at);
  let end = hash === -1 || hash >= lineEnd ? lineEnd : hash;
  while (end > at && s.charCodeAt(end - 1) === 32) end--;
  if (end === at) return bail();
  const c = s.charCodeAt(at);
  const colon = colons.find(s, at);
  if (
    (c < 128 && INDICATOR[c] === 1) ||
    (c === 45 /* - */ && (end === at + 1 || s.charCodeAt(at + 1) === 32)) ||
    (colon !== -1 && colon < end) ||
    s.charCodeAt(end - 1) === 58 /* : */
  ) {
    return bail();
  }
  return resolvePlain(s.slice(at, end));
}

/**
 * A double-quoted scalar starting at `start` on a line that ends at `lineEnd`; sets
 * `flowEnd` after its closing quote.
 */
function doubleQuoted(s: string, start: number, lineEnd: number): string {
  let out = '';
  let i = start + 1;
  for (;;) {
    const q = s.indexOf('"', i);
    if (q === -1 || q >= lineEnd) return bail();
    const b = backslashes.find(s, i);
    if (b === -1 || q < b) {
      flowEnd = q + 1;
      return out + s.slice(i, q);
    }
    out += s.slice(i, b);
    const e = s[b + 1];
    if (e === '"' || e === '\\' || e === '/') out += e;
    else if (e === 'n') out += '\n';
    else if (e === 't') out += '\t';
    else return bail();
    i = b + 2;
  }
}

/**
 * A single-quoted scalar starting at `start` on a line that ends at `lineEnd`; sets
 * `flowEnd` after its closing quote.
 */
function singleQuoted(s: string, start: number, lineEnd: number): string {
  let out = '';
  let i = start + 1;
  for (;;) {
    const q = s.indexOf("'", i);
    if (q === -1 || q >= lineEnd) return bail();
    out += s.slice(i, q);
    if (s.charCodeAt(q + 1) === 39) {
      out += "'";
      i = q + 2;
    } else {
      flowEnd = q + 1;
      return out;
    }
  }
}

/** Marks an escaped line break while a multi-line double-quoted scalar is folded. */
const ESCAPED_BREAK = '\u0000';

/**
 * Where the quote that closes the quoted scalar opened at `at` is, before `lineEnd`, or
 * -1. Double quotes: a `"` after an even run of backslashes; single quotes: a `'` not
 * doubled.
 */
function closingQuote(s: string, at: number, lineEnd: number, quote = s.charCodeAt(at)): number {
  for (let i = at + 1; i < lineEnd; i++) {
    const c = s.charCodeAt(i);
    if (quote === 34) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34) return i;
    } else if (c === 39) {
      if (s.charCodeAt(i + 1) === 39 && i + 1 < lineEnd) i++;
      else return i;
    }
  }
  return -1;
}

/** The escapes of a double-quoted scalar the subset reads: \" \\ \/ \n \t. */
function unescapeDouble(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[++i];
    if (e === '"' || e === '\\' || e === '/') out += e;
    else if (e === 'n') out += '\n';
    else if (e === 't') out += '\t';
    else return bail();
  }
  return out;
}

/**
 * The text of one line of a plain scalar, from `at` to `end` less trailing spaces; bails
 * on a `: ` inside or a `:` at its end, which would make a key.
 */
function plainText(s: string, at: number, end: number): string {
  while (end > at && s.charCodeAt(end - 1) === 32) end--;
  const colon = colons.find(s, at);
  if (end === at || (colon !== -1 && colon < end) || s.charCodeAt(end - 1) === 58 /* : */) return bail();
  return s.slice(at, end);
}

/** After a complete value on a line ending at `lineEnd`, only spaces and a comment may follow. */
function expectLineEnd(s: string, at: number, lineEnd: number): void {
  const i = skipSpaces(s, at);
  if (i < lineEnd && !(s.charCodeAt(i) === 35 /* # */ && i > at)) bail();
}

/** Where the last flowValue call ended: one number, not a tuple per value. */
let flowEnd = 0;

/**
 * A one-line flow collection or scalar of `line` (which ends at `lineEnd`), starting at
 * `at`; sets `flowEnd` to where it ends. Counts values and depth on the parser, and marks
 * positions when it records them.
 */
function flowValue(s: string, at: number, lineEnd: number, p: Parser, line: number, depth: number): unknown {
  p.count(depth);
  const c = s.charCodeAt(at);
  if (c === 91 /* [ */) {
    const list: unknown[] = [];
    let i = skipSpaces(s, at + 1);
    if (s.charCodeAt(i) === 93) {
      flowEnd = i + 1;
      return list;
    }
    for (;;) {
      if (p.positions) {
        p.path.push(list.length);
        p.markAt('value', line, i);
      }
      list.push(flowValue(s, i, lineEnd, p, line, depth + 1));
      if (p.positions) p.path.pop();
      i = skipSpaces(s, flowEnd);
      const next = s.charCodeAt(i);
      if (next === 44 /* , */) i = skipSpaces(s, i + 1);
      else if (next !== 93 /* ] */) return bail();
      if (next === 93 || s.charCodeAt(i) === 93) {
        flowEnd = i + 1;
        return list;
      }
    }
  }
  if (c === 123 /* { */) {
    const map: Record<string, unknown> = {};
    let i = skipSpaces(s, at + 1);
    if (s.charCodeAt(i) === 125) {
      flowEnd = i + 1;
      return map;
    }
    for (;;) {
      const colon = keyColon(s, i, lineEnd);
      if (colon === -1 || s.charCodeAt(colon + 1) !== 32) return bail();
      const key = plainKey(s.slice(i, colon));
      if (Object.hasOwn(map, key) || FORBIDDEN.has(key)) return bail();
      const start = skipSpaces(s, colon + 1);
      if (p.positions) {
        p.path.push(key);
        p.markAt('key', line, i);
        p.markAt('value', line, start);
      }
      map[key] = flowValue(s, start, lineEnd, p, line, depth + 1);
      if (p.positions) p.path.pop();
      i = skipSpaces(s, flowEnd);
      const next = s.charCodeAt(i);
      if (next === 44 /* , */) i = skipSpaces(s, i + 1);
      else if (next !== 125 /* } */) return bail();
      if (next === 125 || s.charCodeAt(i) === 125) {
        flowEnd = i + 1;
        return map;
      }
    }
  }
  if (c === 34 /* " */) return doubleQuoted(s, at, lineEnd);
  if (c === 39 /* ' */) return singleQuoted(s, at, lineEnd);
  // A plain scalar in flow context ends at , ] } #; a ':' before a space or at its end
  // would start a key, which the subset leaves to js-yaml.
  let end = at;
  while (end < lineEnd) {
    const e = s.charCodeAt(end);
    if (e < 128 && FLOW_END[e] === 1) break;
    if (e === 58 /* : */ && s.charCodeAt(end + 1) === 32) return bail();
    end++;
  }
  flowEnd = end;
  while (end > at && s.charCodeAt(end - 1) === 32) end--;
  if (end === at) return bail();
  if (
    (c < 128 && INDICATOR[c] === 1) ||
    (c === 45 /* - */ && (end === at + 1 || s.charCodeAt(at + 1) === 32)) ||
    s.charCodeAt(end - 1) === 58 /* : */
  ) {
    return bail();
  }
  return resolvePlain(s.slice(at, end));
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * Per-line tables of the parse under way, reused: allocating them per document cost more
 * than filling them. Parses never nest, so one set serves.
 */
let sharedStarts = new Int32Array(1024);
let sharedEnds = new Int32Array(1024);
let sharedIndents = new Int32Array(1024);
let sharedContent = new Uint8Array(1024);

/** Doubles the line tables, keeping the lines already found. */
function growLineTables(): void {
  const grow = <T extends Int32Array | Uint8Array>(old: T): T => {
    const wider = new (old.constructor as new (n: number) => T)(old.length * 2);
    wider.set(old);
    return wider;
  };
  sharedStarts = grow(sharedStarts);
  sharedEnds = grow(sharedEnds);
  sharedIndents = grow(sharedIndents);
  sharedContent = grow(sharedContent);
}

/**
 * The parse of one document. Lines are read in place, as offsets into the one string the
 * document is in, not as a string each: characters of a flat string are read faster than
 * those of a slice of it, and splitting would copy the text once more. Lines are numbered
 * from 0 at the document's first line; columns (indents, marks) count from the line's
 * start, offsets (`at`) from the string's.
 */
class Parser {
  text: string;
  /** Number of lines. */
  lineCount: number;
  /** Offset of each line's first character. */
  starts: Int32Array;
  /** Offset of each line's end: its newline, or the document's end. */
  ends: Int32Array;
  /** Leading spaces of each line; for a `- key:` item line, the column of the key. */
  indents: Int32Array;
  /** Whether each line has content (is neither blank nor only a comment). */
  content: Uint8Array;
  /** The next line to read. */
  i = 0;
  /** Values read so far (see MAX_FAST_NODES). */
  nodes = 0;
  /** Path of the node being read, kept only when positions are recorded. */
  path: (string | number)[] = [];
  positions: PositionMap | undefined;
  /** When set, only positions under these top-level keys are recorded (the rest is cheap). */
  under: ReadonlySet<string> | undefined;
  /** The map positions go to; `positions` is it only while under a key of `under`. */
  recorded: PositionMap | undefined;

  constructor(text: string, from: number, to: number, positions?: PositionMap) {
    this.text = text;
    this.positions = positions;
    let l = 0;
    for (let start = from; ; l++) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 || newline > to ? to : newline;
      if (l === sharedStarts.length) growLineTables();
      let n = start;
      while (n < end && text.charCodeAt(n) === 32) n++;
      sharedStarts[l] = start;
      sharedEnds[l] = end;
      sharedIndents[l] = n - start;
      sharedContent[l] = 0;
      if (n < end && text.charCodeAt(n) !== 35 /* # */) {
        // Document markers and directives mean more than one document, or directives.
        if (
          n === start &&
          (text.startsWith('---', start) || text.startsWith('...', start) || text.charCodeAt(start) === 37)
        ) {
          bail();
        }
        sharedContent[l] = 1;
      }
      if (end === to) break;
      start = end + 1;
    }
    this.lineCount = l + 1;
    this.starts = sharedStarts;
    this.ends = sharedEnds;
    this.indents = sharedIndents;
    this.content = sharedContent;
  }

  /** Counts a value at `depth`; bails past the fast path's limits. */
  count(depth: number): void {
    if (++this.nodes > MAX_FAST_NODES || depth > MAX_FAST_DEPTH) bail();
  }

  /** Records where the current path's key or value starts (0-based line and column). */
  mark(kind: 'key' | 'value', line: number, column: number): void {
    if (!this.positions) return;
    if (this.under && !this.under.has(this.path[0] as string)) return;
    const key = positionKey(this.path);
    let entry = this.positions.get(key);
    if (!entry) this.positions.set(key, (entry = {}));
    entry[kind] ??= [line + 1, column + 1];
  }

  /** `mark` for the offset `at` of `line`. */
  markAt(kind: 'key' | 'value', line: number, at: number): void {
    if (this.positions) this.mark(kind, line, at - this.starts[line]!);
  }

  indentOf(line: number): number {
    return this.indents[line]!;
  }

  /** The first line at or after `from` with content (not blank, not only a comment), or -1. */
  nextContent(from: number): number {
    for (let l = from; l < this.lineCount; l++) if (this.content[l]) return l;
    return -1;
  }

  /** Whether the line starts a sequence item (`-` alone or `- `) at column `column`. */
  isItem(line: number, column: number): boolean {
    return this.isItemAt(this.starts[line]! + column, this.ends[line]!);
  }

  /** Whether a sequence item starts at offset `at` of a line that ends at `end`. */
  isItemAt(at: number, end: number): boolean {
    const s = this.text;
    return at < end && s.charCodeAt(at) === 45 && (at + 1 === end || s.charCodeAt(at + 1) === 32);
  }

  /** A block node whose first line is `line`, at `indent`. */
  block(line: number, indent: number, depth: number): unknown {
    if (this.isItem(line, indent)) return this.sequence(line, indent, depth);
    if (keyColon(this.text, this.starts[line]! + indent, this.ends[line]!) !== -1) {
      return this.mapping(line, indent, depth);
    }
    return bail();
  }

  mapping(line: number, indent: number, depth: number): Record<string, unknown> {
    this.count(depth);
    const map: Record<string, unknown> = {};
    let keys = 0;
    let l = line;
    const s = this.text;
    while (l !== -1 && this.indents[l] === indent) {
      const at = this.starts[l]! + indent;
      const colon = keyColon(s, at, this.ends[l]!);
      if (colon === -1) return bail();
      // Never __proto__ and the like (internKey bails on them), so the store below is safe.
      const key = internKey(s, at, colon);
      keys++;
      // Top-level keys outside `under` are read without keeping a path at all.
      if (this.under && depth === 0) this.positions = this.under.has(key) ? this.recorded : undefined;
      if (this.positions) {
        this.path.push(key);
        this.mark('key', l, indent);
      }
      map[key] = this.value(l, indent, skipSpaces(s, colon + 1), true, depth + 1);
      if (this.positions) this.path.pop();
      l = this.nextContent(this.i);
    }
    if (l !== -1 && this.indents[l]! > indent) bail();
    // A repeated key overwrote its first value: fewer own keys than keys read. One count
    // per mapping (V8 keeps each shape's key list) instead of a lookup per key.
    if (Object.keys(map).length !== keys) bail();
    return map;
  }

  sequence(line: number, indent: number, depth: number): unknown[] {
    this.count(depth);
    const list: unknown[] = [];
    let l = line;
    const s = this.text;
    while (l !== -1 && this.indents[l] === indent) {
      if (!this.isItem(l, indent)) break;
      const start = this.starts[l]!;
      const end = this.ends[l]!;
      const at = skipSpaces(s, start + indent + 1);
      if (this.positions) this.path.push(list.length);
      if (at < end && keyColon(s, at, end) !== -1) {
        // `- key: value` starts a mapping whose keys sit where this key sits.
        this.indents[l] = at - start;
        this.mark('value', l, at - start);
        list.push(this.mapping(l, at - start, depth + 1));
      } else if (this.isItemAt(at, end)) {
        // `- - a` (js-yaml's dump of nested lists): a sequence whose items sit at the inner dash.
        this.indents[l] = at - start;
        this.mark('value', l, at - start);
        list.push(this.sequence(l, at - start, depth + 1));
      } else {
        list.push(this.value(l, indent, at, false, depth + 1));
      }
      if (this.positions) this.path.pop();
      l = this.nextContent(this.i);
    }
    if (l !== -1 && this.indents[l]! > indent) bail();
    return list;
  }

  /**
   * The value that starts at offset `at` of line `line` (after `key:` or `- `), or on the
   * lines below. Sets `i` to the line after the value.
   */
  value(line: number, indent: number, at: number, inMapping: boolean, depth: number): unknown {
    const s = this.text;
    const end = this.ends[line]!;
    this.i = line + 1;
    if (at >= end || s.charCodeAt(at) === 35 /* # */) {
      const next = this.nextContent(line + 1);
      // An empty item (`-` or `- # note`) followed by a shallower item: js-yaml nests
      // that item inside the list, against the spec. Leave empty items to js-yaml.
      if (!inMapping && (next === -1 || this.indents[next]! <= indent)) return bail();
      if (next === -1) {
        this.count(depth);
        return null;
      }
      const nextIndent = this.indents[next]!;
      if (nextIndent > indent) {
        this.mark('value', next, nextIndent);
        return this.block(next, nextIndent, depth);
      }
      // YAML lets a mapping's sequence value sit at the key's own indent.
      if (inMapping && nextIndent === indent && this.isItem(next, indent)) {
        this.mark('value', next, indent);
        return this.sequence(next, indent, depth);
      }
      this.count(depth);
      return null;
    }
    this.markAt('value', line, at);
    const c = s.charCodeAt(at);
    if (c === 124 /* | */ || c === 62 /* > */) {
      this.count(depth);
      return this.blockScalar(line, indent, s.slice(at, end));
    }
    if ((c === 34 /* " */ || c === 39) /* ' */ && closingQuote(s, at, end) === -1) {
      this.count(depth);
      return this.quotedLines(line, indent, at);
    }
    if (c === 91 /* [ */ || c === 123 /* { */ || c === 34 /* " */ || c === 39 /* ' */) {
      const value = flowValue(s, at, end, this, line, depth);
      expectLineEnd(s, flowEnd, end);
      this.continuationGuard(line, indent);
      return value;
    }
    this.count(depth);
    const next = line + 1;
    if (next < this.lineCount && this.content[next] && this.indents[next]! > indent) {
      return this.plainLines(line, indent, at);
    }
    const value = plainScalar(s, at, end);
    this.continuationGuard(line, indent);
    return value;
  }

  /**
   * A plain scalar that goes on over the more-indented lines right after its first (as
   * writers wrap long text): the lines joined by single spaces. Bails on what could make
   * a continuation line mean more (a `: ` or ` #`, an indicator at its start, a blank or
   * comment line inside).
   */
  plainLines(line: number, indent: number, at: number): unknown {
    const s = this.text;
    const first = this.ends[line]!;
    const hash = comments.find(s, at);
    const c0 = s.charCodeAt(at);
    if ((hash !== -1 && hash < first) || (c0 < 128 && INDICATOR[c0] === 1) || this.isItemAt(at, first))
      return bail();
    let text = plainText(s, at, first);
    let l = line + 1;
    for (; l < this.lineCount && this.content[l] && this.indents[l]! > indent; l++) {
      const from = this.starts[l]! + this.indents[l]!;
      const c = s.charCodeAt(from);
      if ((c < 128 && INDICATOR[c] === 1) || c === 45 /* - */) return bail();
      const end = this.ends[l]!;
      const h = comments.find(s, from);
      if (h !== -1 && h < end) return bail();
      text += ' ' + plainText(s, from, end);
    }
    this.i = l;
    this.continuationGuard(l - 1, indent);
    return resolvePlain(text);
  }

  /**
   * A double- or single-quoted scalar over several lines, starting at `at` of `line`:
   * folded as YAML folds flow scalars (a line break is a space, each blank line a newline,
   * an escaped line break nothing; leading and trailing spaces of the lines dropped).
   * Continuation lines must sit deeper than `indent`.
   */
  quotedLines(line: number, indent: number, at: number): string {
    const s = this.text;
    const quote = s.charCodeAt(at);
    let from = at + 1;
    let l = line;
    let out = '';
    /** Blank lines since the last piece, and whether a piece was read. */
    let blanks = 0;
    let started = false;
    for (;;) {
      const end = this.ends[l]!;
      const q = closingQuote(s, from - 1, end, quote);
      const stop = q === -1 ? end : q;
      let piece = s.slice(from, stop);
      if (started) {
        // The break before this piece: a space, or one newline per blank line.
        out += blanks > 0 ? '\n'.repeat(blanks) : out.endsWith(ESCAPED_BREAK) ? '' : ' ';
        if (out.endsWith(ESCAPED_BREAK)) out = out.slice(0, -ESCAPED_BREAK.length);
      }
      blanks = 0;
      if (q !== -1) {
        out += piece;
        expectLineEnd(s, q + 1, end);
        this.i = l + 1;
        this.continuationGuard(l, indent);
        return quote === 34 ? unescapeDouble(out) : out.replaceAll("''", "'");
      }
      // The line's trailing spaces are not content; an odd backslash at its end escapes the break.
      const trimmed = piece.replace(/ +$/, '');
      const backslashes = trimmed.length - trimmed.replace(/\\+$/, '').length;
      if (quote === 34 && backslashes % 2 === 1) {
        if (trimmed.length !== piece.length) return bail();
        piece = trimmed.slice(0, -1) + ESCAPED_BREAK;
      } else piece = trimmed;
      out += piece;
      started = true;
      for (l++; ; l++) {
        if (l >= this.lineCount) return bail();
        const blank = this.indents[l] === this.ends[l]! - this.starts[l]!;
        if (!blank) break;
        if (!out.endsWith(ESCAPED_BREAK)) blanks++;
        else return bail();
      }
      if (this.indents[l]! <= indent) return bail();
      from = this.starts[l]! + this.indents[l]!;
    }
  }

  /** A more-indented line right after a one-line value would continue it: not in the subset. */
  continuationGuard(line: number, indent: number): void {
    const next = this.nextContent(line + 1);
    if (next !== -1 && this.indents[next]! > indent) {
      // A key inside a `- key:` item sits deeper than the dash: that is the item's next key.
      if (keyColon(this.text, this.starts[next]! + this.indents[next]!, this.ends[next]!) === -1) bail();
    }
  }

  blockScalar(line: number, indent: number, header: string): string {
    // Only spaces may end the header: js-yaml refuses other whitespace there (U+00A0...).
    let headerEnd = header.length;
    while (headerEnd > 0 && header.charCodeAt(headerEnd - 1) === 32) headerEnd--;
    const m = /^([|>])([-+]?)(?: +#.*)?$/.exec(header.slice(0, headerEnd));
    if (!m || m[2] === '+') return bail();
    const literal = m[1] === '|';
    const strip = m[2] === '-';
    const body: string[] = [];
    let contentIndent = -1;
    let l = line + 1;
    for (; l < this.lineCount; l++) {
      const start = this.starts[l]!;
      const n = this.indents[l]!;
      if (n === this.ends[l]! - start) {
        // A blank line (spaces only): part of the text, unless it has more spaces than the text's indent.
        if (n > 0 && contentIndent !== -1 && n > contentIndent) return bail();
        body.push('');
        continue;
      }
      if (contentIndent === -1) {
        if (n <= indent) break;
        contentIndent = n;
      }
      if (n < contentIndent) break;
      if (n > contentIndent && !literal) return bail();
      body.push(this.text.slice(start + contentIndent, this.ends[l]));
    }
    // Trailing blank lines belong to the chomping, not the content.
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    this.i = l;
    if (contentIndent === -1 || body.length === 0 || body[0] === '') return bail();
    let text: string;
    if (literal) {
      text = body.join('\n');
    } else {
      text = '';
      let blanks = 0;
      for (const b of body) {
        if (b === '') blanks++;
        else {
          if (text !== '') text += blanks > 0 ? '\n'.repeat(blanks) : ' ';
          text += b;
          blanks = 0;
        }
      }
    }
    return strip ? text : text + '\n';
  }
}
