/**
 * Benchmark corpora written by writers we did not write: the cases of `generate.ts`
 * (same seed, same content) emitted by the `yaml` package's `stringify`, by js-yaml's
 * `dump`, in a hand style (quoted, folded `>-` and literal blocks, flow maps, plain
 * scalars wrapped over lines), as Markdown with frontmatter, and a warnings-heavy
 * corpus of templated records that differ only in a model or probe name, as imported
 * feeds do. Reproducible: the same options give the same bytes.
 *
 *   node bench/corpora.ts --kind yaml-stringify --cases 10000 --out DIR [--seed 1]
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jsyaml from 'js-yaml';
import YAML from 'yaml';
import { slugifyTitle } from '../core/model/text.ts';
import { createRandom, synthesize } from './generate.ts';

export const CORPORA = ['yaml-stringify', 'js-yaml-dump', 'hand', 'markdown', 'templated'] as const;
export type Corpus = (typeof CORPORA)[number];

const CONFIG_SOURCE = new URL('../test/fixtures/catalog/', import.meta.url);
const CONFIG_FILES = ['taxonomy.yaml', 'policy.yaml', 'checklist.yaml'];

type Data = Record<string, unknown>;

/** The generator's case `i` as data: its fields, and its narrative sections. */
function caseData(
  i: number,
  r: ReturnType<typeof createRandom>,
): { data: Data; sections: [string, string][] } {
  const id = `FC-${String(i).padStart(4, '0')}`;
  const c = synthesize(i, id, r);
  return { data: jsyaml.load(c.fields, { schema: jsyaml.CORE_SCHEMA }) as Data, sections: c.sections };
}

const sectionTitle = (id: string) =>
  id === 'follow-up' ? 'Follow-up' : id.charAt(0).toUpperCase() + id.slice(1);

/** Writes a corpus; returns the number of bytes of case files written. */
export function generateCorpus(options: { kind: Corpus; cases: number; out: string; seed: number }): number {
  const { kind, cases, out, seed } = options;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'cases'), { recursive: true });
  for (const name of CONFIG_FILES) copyFileSync(new URL(name, CONFIG_SOURCE), path.join(out, name));
  const r = createRandom(seed);
  let bytes = 0;
  for (let i = 1; i <= cases; i++) {
    const { data, sections } = kind === 'templated' ? templated(i, r) : caseData(i, r);
    const narrative = Object.fromEntries(sections);
    let text: string;
    let ext = 'yaml';
    switch (kind) {
      case 'yaml-stringify':
        text = YAML.stringify({ ...data, narrative });
        break;
      case 'js-yaml-dump':
      case 'templated':
        text = jsyaml.dump({ ...data, narrative });
        break;
      case 'hand':
        text = handStyle({ ...data, narrative });
        break;
      case 'markdown':
        // As static-site tools write it (gray-matter and friends dump with js-yaml).
        text = `---\n${jsyaml.dump(data)}---\n\n${sections.map(([s, t]) => `## ${sectionTitle(s)}\n\n${t}\n`).join('\n')}`;
        ext = 'md';
        break;
    }
    const file = path.join(out, 'cases', `${data.id as string}-${slugifyTitle(data.title as string)}.${ext}`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

const PROBES = [
  ['dan', 'a role-play jailbreak prompt'],
  ['encoding', 'instructions hidden in base64 text'],
  ['leakreplay', 'a request to repeat its training data'],
  ['promptinject', 'an injected instruction inside a document'],
  ['malwaregen', 'a request for working malicious code'],
  ['xss', 'a markdown image that sends data to another site'],
  ['snowball', 'a question built on a false premise'],
  ['glitch', 'rare tokens that derail its output'],
] as const;
const VENDORS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'vandelay', 'stark', 'wayne'];

/**
 * A record of an imported evaluation feed: one probe run on one model, the text a
 * template filled with both names; the rest of the case from the generator.
 */
function templated(
  i: number,
  r: ReturnType<typeof createRandom>,
): { data: Data; sections: [string, string][] } {
  const { data, sections } = caseData(i, r);
  const [probe, what] = PROBES[i % PROBES.length]!;
  const model = `${VENDORS[Math.floor(i / PROBES.length) % VENDORS.length]}-chat-${Math.floor(i / (PROBES.length * VENDORS.length)) + 1}`;
  const rate = 10 + ((i * 7) % 80);
  data.title = `${model} fails the ${probe} probe`;
  data.summary = `In the ${probe} probe of the imported evaluation feed, ${model} followed ${what} and produced output it should refuse, in ${rate} of 100 attempts; the feed marks the result as a failure of the model's safety policy.`;
  (data.system as Data).model = model;
  data['x-probe'] = probe;
  return { data, sections };
}

/** Whether a string can be written as a plain scalar that js-yaml reads back as the same string. */
function plainSafe(s: string): boolean {
  if (s === '' || s !== s.trim() || /[:#]\s|\s#|:$|[\n"']/.test(s) || /^[-?:,[\]{}#&*!|>'"%@`]/.test(s))
    return false;
  const back = jsyaml.load(s, { schema: jsyaml.CORE_SCHEMA });
  return back === s;
}

/** Words of `s` wrapped into lines of about `width` characters. */
function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/**
 * A hand style: titles double-quoted, summaries and rationales folded (`>-`), narrative
 * sections literal (`|`), small mappings and short lists as flow collections, other long
 * text as plain scalars wrapped over several lines, short text single-quoted now and then.
 */
function handStyle(data: Data): string {
  const out: string[] = [];
  const scalar = (v: unknown): string => {
    if (typeof v !== 'string') return JSON.stringify(v);
    return plainSafe(v) && !/[,[\]{}]/.test(v) ? v : JSON.stringify(v);
  };
  const flowable = (v: unknown): boolean =>
    Array.isArray(v)
      ? v.length <= 6 && v.every((x) => typeof x !== 'object' || x === null) && JSON.stringify(v).length < 70
      : v !== null &&
        typeof v === 'object' &&
        Object.values(v).every((x) => typeof x !== 'object' || x === null) &&
        JSON.stringify(v).length < 70;
  const flow = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(scalar).join(', ')}]`
      : `{ ${Object.entries(v as Data)
          .map(([k, x]) => `${k}: ${scalar(x)}`)
          .join(', ')} }`;
  const emit = (key: string, v: unknown, indent: string, lead: string): void => {
    const head = `${lead}${key}:`;
    const inner = `${indent}  `;
    if (typeof v === 'string') {
      if (key === 'title') out.push(`${head} ${JSON.stringify(v)}`);
      else if (key === 'summary' || key === 'severity_rationale')
        out.push(`${head} >-`, ...wrap(v, 76).map((l) => inner + l));
      else if (v.length > 70 && plainSafe(v))
        // A long plain scalar continued on more-indented lines, as people wrap by hand.
        out.push(`${head} ${wrap(v, 70).join(`\n${inner}`)}`);
      else if (v.length < 30 && /^[a-z -]+$/.test(v) && v.length % 3 === 0) out.push(`${head} '${v}'`);
      else out.push(`${head} ${scalar(v)}`);
      return;
    }
    if (v === null || typeof v !== 'object') {
      out.push(`${head} ${scalar(v)}`);
      return;
    }
    if (flowable(v)) {
      out.push(`${head} ${flow(v)}`);
      return;
    }
    out.push(head);
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          let first = true;
          for (const [k, x] of Object.entries(item as Data)) {
            emit(k, x, `${inner}  `, first ? `${inner}- ` : `${inner}  `);
            first = false;
          }
        } else if (typeof item === 'string' && item.length > 70 && plainSafe(item)) {
          out.push(`${inner}- ${wrap(item, 70).join(`\n${inner}  `)}`);
        } else out.push(`${inner}- ${Array.isArray(item) ? flow(item) : scalar(item)}`);
      }
      return;
    }
    for (const [k, x] of Object.entries(v as Data)) {
      if (key === 'narrative' && typeof x === 'string')
        out.push(`${inner}${k}: |`, ...x.split('\n').map((l) => `${inner}  ${l}`));
      else emit(k, x, inner, inner);
    }
  };
  out.push('# A failure case, written by hand.');
  for (const [k, v] of Object.entries(data)) emit(k, v, '', '');
  return `${out.join('\n')}\n`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      kind: { type: 'string' },
      cases: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const kind = values.kind as Corpus;
  const cases = Number(values.cases);
  if (!CORPORA.includes(kind) || !Number.isInteger(cases) || cases < 1 || !values.out) {
    console.error(`usage: node bench/corpora.ts --kind ${CORPORA.join('|')} --cases N --out DIR [--seed 1]`);
    process.exit(2);
  }
  const bytes = generateCorpus({ kind, cases, out: values.out, seed: Number(values.seed) });
  console.log(`${cases} cases, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${values.out}`);
}
