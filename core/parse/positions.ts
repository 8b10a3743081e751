/**
 * Source positions from the parse that read a file. A line index turns offsets into
 * lines and columns (built once per file, so a file with 20,000 findings is not re-split
 * per finding), and js-yaml's `listener` events, recorded while js-yaml reads a document
 * outside the fast path, give every key's and value's start: the positions the `yaml`
 * package would give, without parsing the file again. Documents whose events do not map
 * onto their value cleanly (anchors, tags, explicit `?` keys, empty sequence items) say
 * so, and the caller asks the `yaml` package.
 */
import type { Position, PositionMap } from './fast-yaml/index.ts';
import { positionKey } from './fast-yaml/index.ts';

/** Offsets of a text's line starts, for positions by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The offset of a 1-based line and column (clamped to the text's lines). */
  offset(line: number, column: number): number {
    const l = Math.min(Math.max(line, 1), this.starts.length);
    return this.starts[l - 1]! + column - 1;
  }
}

/**
 * js-yaml's node events of one document: for each node, the offset where js-yaml began
 * to compose it and the offset where it ended, and the scalar it read (keys are scalars).
 */
export class YamlEvents {
  /** Open events as the offset, close events as -(offset + 1), in order. */
  readonly marks: number[] = [];
  /** For each close event, the node's value when it is a scalar (else undefined). */
  readonly scalars: unknown[] = [];

  /** The listener to hand js-yaml (`load(text, { listener })`). */
  readonly listener = (event: 'open' | 'close', state: { position: number; result: unknown }): void => {
    if (event === 'open') this.marks.push(state.position);
    else {
      this.marks.push(-state.position - 1);
      const r = state.result;
      this.scalars.push(r !== null && typeof r === 'object' ? undefined : r);
    }
  };
}

interface EventNode {
  open: number;
  close: number;
  scalar: unknown;
  children: EventNode[];
}

/** Thrown inside positionsFromEvents when the events do not fit the value. */
class Misfit extends Error {}
const misfit = (): never => {
  throw new Misfit();
};

/**
 * The position of every key and value of `data`, which js-yaml read from `text` while
 * `events` recorded, keyed as the fast path keys them (positionKey); or undefined when the
 * document holds what the events cannot place as the `yaml` package does.
 */
export function positionsFromEvents(
  text: string,
  events: YamlEvents,
  data: unknown,
): PositionMap | undefined {
  const root = treeOf(events);
  if (!root) return undefined;
  const lines = new LineIndex(text);
  const positions: PositionMap = new Map();
  const at = (offset: number): Position => {
    const p = lines.position(offset);
    return [p.line, p.column];
  };
  const set = (path: (string | number)[], kind: 'key' | 'value', offset: number) => {
    const key = positionKey(path);
    let entry = positions.get(key);
    if (!entry) positions.set(key, (entry = {}));
    entry[kind] ??= at(offset);
  };

  const walk = (node: EventNode, value: unknown, path: (string | number)[]): void => {
    // A scalar or flow collection js-yaml first tried as a mapping's key arrives wrapped
    // in its parent, starting where the parent starts.
    let start = valueStart(text, node);
    while (node.children.length === 1 && valueStart(text, node.children[0]!) === start) {
      node = node.children[0]!;
      start = valueStart(text, node);
    }
    set(path, 'value', start);
    // The `yaml` package places items of a flow collection that spans lines oddly (on its
    // first line); leave those documents to it.
    const c = text.charCodeAt(start);
    if ((c === 91 /* [ */ || c === 123) /* { */ && lineBreakBetween(text, start, -node.close - 1)) misfit();
    if (value === null || typeof value !== 'object') {
      if (node.children.length > 0) misfit();
      return;
    }
    if (Array.isArray(value)) {
      if (node.children.length !== value.length) misfit();
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(node.children[i]!, value[i], path);
        path.pop();
      }
      return;
    }
    const keys = Object.keys(value);
    const children = node.children;
    let k = 0;
    for (let c = 0; c < children.length; c++) {
      const keyNode = children[c]!;
      const name = keys[k++];
      const keyStart = skipSpaces(text, keyNode.open);
      if (name === undefined || !simpleStart(text, keyStart) || keyNode.children.length > 0) misfit();
      if (String(keyNode.scalar) !== name) misfit();
      path.push(name!);
      set(path, 'key', keyStart);
      // In flow mappings a key may stand alone (`{a, b: 1}`); a value follows a colon.
      const colon = skipBlanks(text, -keyNode.close - 1);
      if (text.charCodeAt(colon) === 58 /* : */ && c + 1 < children.length) {
        walk(children[++c]!, (value as Record<string, unknown>)[name!], path);
      }
      path.pop();
    }
    if (k !== keys.length) misfit();
  };

  // Empty and scalar documents, and a root that starts on its `---` line, are placed by
  // the `yaml` package, as they were before.
  if (data === null || typeof data !== 'object') return undefined;
  try {
    const start = valueStart(text, root);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (start !== skipSpaces(text, lineStart)) misfit();
    walk(root, data, []);
  } catch (error) {
    if (error instanceof Misfit) return undefined;
    throw error;
  }
  return positions;
}

/** The nodes of the event stream as a tree (the document's root), or undefined. */
function treeOf(events: YamlEvents): EventNode | undefined {
  const stack: EventNode[] = [{ open: 0, close: 0, scalar: undefined, children: [] }];
  let closes = 0;
  for (const mark of events.marks) {
    if (mark >= 0) stack.push({ open: mark, close: 0, scalar: undefined, children: [] });
    else {
      const node = stack.pop();
      if (!node || stack.length === 0) return undefined;
      node.close = mark;
      node.scalar = events.scalars[closes++];
      stack[stack.length - 1]!.children.push(node);
    }
  }
  const top = stack[0]!.children;
  return stack.length === 1 && top.length === 1 ? top[0] : undefined;
}

/**
 * Where the `yaml` package starts a value that js-yaml began composing at `node.open`:
 * past spaces, line breaks and comments at its content; an empty value where it begins,
 * after the spaces that follow its colon.
 */
function valueStart(text: string, node: EventNode): number {
  const end = -node.close - 1;
  const first = skipSpaces(text, node.open);
  let i = first;
  for (;;) {
    i = skipBlanks(text, i);
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === 10 || c === 13) i++;
    else break;
  }
  // Nothing was read (`key:` with no value): the empty value sits after the colon's spaces.
  if (i >= end && node.children.length === 0) return first;
  if (!simpleStart(text, i)) misfit();
  return i;
}

/** Anchors, tags, aliases and explicit keys are placed by the `yaml` package instead. */
function simpleStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return !(
    c === 38 /* & */ ||
    c === 33 /* ! */ ||
    c === 42 /* * */ ||
    (c === 63 /* ? */ && (at + 1 >= text.length || ' \t\n\r'.includes(text[at + 1]!)))
  );
}

function lineBreakBetween(text: string, from: number, to: number): boolean {
  const nl = text.indexOf('\n', from);
  return nl !== -1 && nl < to;
}

function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

/** Skips spaces and tabs. */
function skipBlanks(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 9; c = text.charCodeAt(++i));
  return i;
}
