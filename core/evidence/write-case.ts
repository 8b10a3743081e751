/**
 * Writes fields into a case file in place. Only the text of the fields written changes:
 * each is located with the `yaml` package's document (its source ranges) and replaced or
 * inserted as a block, so the author's comments, order, quoting and line breaks elsewhere
 * stay byte for byte.
 */
import { Document, isMap, isPair, isScalar, parseDocument, visit, type Pair, type YAMLMap } from 'yaml';

/** Where the fields go: the top level of the case, or inside one top-level mapping (`evidence`). */
export type FieldParent = [] | [string];

/** The YAML part of a case file and where it sits: the whole file, or the frontmatter of a Markdown case. */
function yamlPart(text: string, markdown: boolean): { start: number; end: number } {
  if (!markdown) return { start: 0, end: text.length };
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) throw new Error('The Markdown case has no frontmatter (its first line must be ---).');
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(open[0].length));
  if (!close) throw new Error('The frontmatter of the Markdown case is never closed.');
  return { start: open[0].length, end: open[0].length + close.index };
}

/** Mappings written on one line: the intervals of a metric set and the columns of an example. */
const FLOW_KEYS = new Set(['accuracy', 'precision', 'recall', 'fpr', 'columns']);

/** `key: value` as block YAML indented by `indent`, matrices as one flow row per line. */
function renderField(key: string, value: unknown, indent: number): string {
  const doc = new Document({ [key]: value });
  visit(doc, {
    Seq(_, node) {
      // Short lists of plain values read best on one line: [12, 3], [legitimate, fraud]; sentences do not.
      const values = node.items.map((i) => (isScalar(i) ? i.value : undefined));
      const numbers = values.every((v) => typeof v === 'number');
      const words =
        values.every((v) => typeof v === 'string' && v.length <= 40) && values.join(', ').length <= 60;
      if (node.items.length > 0 && (numbers || words)) node.flow = true;
    },
    Map(_, node, path) {
      // So do intervals and the columns kept with an example: {value: 0.8, low: 0.6, high: 0.9, n: 25}.
      const parent = path[path.length - 1];
      const key = isPair(parent) && isScalar(parent.key) ? parent.key.value : undefined;
      const plain = node.items.length <= 6 && node.items.every((p) => isScalar(p.value));
      if (node.items.length === 0 || (plain && typeof key === 'string' && FLOW_KEYS.has(key)))
        node.flow = true;
    },
  });
  const pad = ' '.repeat(indent);
  return doc
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  if (at > 0 && text[at - 1] === '\n') return at;
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

/** Edits of one mapping (`map` in `src`) that set each entry, in its place or after the last key. */
function editsOfMap(src: string, map: YAMLMap, entries: [string, unknown][], fallbackIndent: number): Edit[] {
  const pairs = map.items as Pair[];
  const first = pairs[0]?.key as { range?: [number, number, number] } | undefined;
  const indent = first?.range ? first.range[0] - lineStart(src, first.range[0]) : fallbackIndent;
  const edits: Edit[] = [];
  const appended: string[] = [];
  for (const [key, value] of entries) {
    const pair = pairs.find((p) => isScalar(p.key) && p.key.value === key);
    const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    const valueRange = (pair?.value as { range?: [number, number, number] } | null | undefined)?.range;
    if (pair && keyRange) {
      const end = lineEnd(src, valueRange ? valueRange[1] : keyRange[1]);
      const text = value === undefined ? '' : renderField(key, value, indent) + '\n';
      edits.push({ from: lineStart(src, keyRange[0]), to: end, text });
    } else if (value !== undefined) {
      appended.push(renderField(key, value, indent));
    }
  }
  if (appended.length > 0) {
    const last = map.range ? lineEnd(src, map.range[1]) : src.length;
    const before = last > 0 && src[last - 1] !== '\n' ? '\n' : '';
    edits.push({ from: last, to: last, text: before + appended.join('\n') + '\n' });
  }
  return edits;
}

/**
 * Sets `entries` in the case `text` (YAML, or Markdown with frontmatter when `markdown`) under
 * `parent`, and returns the new text; an entry whose value is undefined is removed. Fields not
 * named are left as they are, byte for byte.
 * Throws when the YAML cannot be read or is not a mapping.
 */
export function setCaseFields(
  text: string,
  markdown: boolean,
  parent: FieldParent,
  entries: Record<string, unknown>,
): string {
  const part = yamlPart(text, markdown);
  const src = text.slice(part.start, part.end);
  const doc = parseDocument(src);
  if (doc.errors.length > 0) throw new Error(`The case is not valid YAML: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('The case is not a YAML mapping of fields.');
  const list = Object.entries(entries);
  let edits: Edit[];
  if (parent.length === 0) {
    edits = editsOfMap(src, doc.contents, list, 0);
  } else {
    const name = parent[0];
    const pair = (doc.contents.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === name);
    const value = pair?.value;
    if (pair && isMap(value) && !value.flow && value.items.length > 0) {
      edits = editsOfMap(src, value, list, 2);
    } else {
      // Absent, empty, null or a flow mapping: write the parent whole, keeping what it held.
      const held = isMap(value) ? (value.toJSON() as Record<string, unknown>) : {};
      const merged = Object.fromEntries(
        Object.entries({ ...held, ...entries }).filter(([, v]) => v !== undefined),
      );
      edits = editsOfMap(src, doc.contents, [[name, merged]], 0);
    }
  }
  let out = src;
  for (const e of edits.sort((a, b) => b.from - a.from))
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return text.slice(0, part.start) + out + text.slice(part.end);
}
