/**
 * The fast YAML path against the yaml-test-suite (test/fixtures/yaml-test-suite, MIT):
 * every input it accepts, and every accepted mutation of one, alone and as a Markdown
 * frontmatter, must give exactly js-yaml's value (core schema), and js-yaml must not
 * refuse what it accepted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BAIL, parseFastYaml } from '../../core/parse/fast-yaml/index.ts';
import { parseSource } from '../../core/parse/source.ts';
import { reference, THROWS } from '../helpers/js-yaml-reference.ts';

interface SuiteInput {
  id: string;
  name: string;
  error: boolean;
  yaml: string;
}

const inputs = JSON.parse(
  readFileSync(new URL('../fixtures/yaml-test-suite/inputs.json', import.meta.url), 'utf8'),
) as SuiteInput[];

/** Object.is at every leaf: toStrictEqual alone does not tell 0 from -0 in every version. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0001') !== kb.join('\u0001')) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

interface Tally {
  accepted: number;
  wrong: string[];
}

/** Checks one document alone, cut out of a frontmatter, and read by parseSource as one. */
function check(yaml: string, label: string, tally: Tally): void {
  const expectValue = (fast: unknown, text: string, how: string) => {
    if (fast === BAIL) return;
    tally.accepted++;
    const ref = reference(text);
    if (ref === THROWS)
      tally.wrong.push(`${label} (${how}): js-yaml refuses, the fast path read ${JSON.stringify(fast)}`);
    else if (!sameValue(fast, ref))
      tally.wrong.push(
        `${label} (${how}): ${JSON.stringify(fast)} where js-yaml gives ${JSON.stringify(ref)}`,
      );
  };
  expectValue(parseFastYaml(yaml), yaml, 'alone');
  const file = `---\n${yaml}${yaml.endsWith('\n') ? '' : '\n'}---\n\nBody.\n`;
  expectValue(parseFastYaml(file, 4, 4 + yaml.length), yaml, 'in place in a frontmatter');
  const src = parseSource('case.md', new TextEncoder().encode(file));
  if (src.fast) expectValue(src.data, src.yamlText, 'frontmatter of a Markdown file');
}

/** Replacements tried on every line of every input (the classes an outside fuzzer found, and more). */
const KEYS = ['Null', 'NULL', 'null', '~', 'True', 'TRUE', 'true', 'False', 'FALSE', 'false', 'y', 'on', '1'];
const VALUES = [
  '-0',
  '+0',
  '-0.0',
  '0.0',
  '00',
  '0o7',
  '0x1F',
  '1_000',
  '.5',
  '1.',
  '1e3',
  '-.inf',
  'NaN',
  'Null',
  'TRUE',
  "''",
  '"\\u00e9"',
];
const TAILS = ['\u00a0', '\u2003', '\u3000', '\u2028', '\u0085', ' # c', '\u00a0# c', ' ', ':', ' -'];

function* mutations(yaml: string): Generator<string> {
  const lines = yaml.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const at = (text: string) => [...lines.slice(0, n), text, ...lines.slice(n + 1)].join('\n');
    const key = /^(\s*(?:- )?)([^\s:#][^:#]*?)(\s*:(?: |$).*)$/.exec(line);
    if (key) {
      for (const k of KEYS) yield at(key[1] + k + key[3]);
      // The same key twice, spelt differently: a duplicate for js-yaml.
      yield [...lines.slice(0, n + 1), key[1] + key[2]!.toUpperCase() + key[3], ...lines.slice(n + 1)].join(
        '\n',
      );
    }
    const value = /^(.*?:\s+|\s*- )(\S.*)$/.exec(line);
    if (value) for (const v of VALUES) yield at(value[1] + v);
    for (const t of TAILS) yield at(line + t);
    // Long text wrapped over lines, as writers wrap it: plain, quoted, at several indents.
    const words = /^(\s*(?:- )?(?:[\w.-]+:\s+)?)(["']?)(\S+ \S.*)$/.exec(line);
    if (words) {
      const [, lead, quote, rest] = words;
      const cut = rest!.indexOf(' ', 1);
      for (const extra of ['', ' ', '  ', '    ']) {
        const base = ' '.repeat(lead!.length - lead!.trimStart().length);
        yield at(`${lead}${quote}${rest!.slice(0, cut)}\n${base}${extra}${rest!.slice(cut + 1)}`);
        yield at(`${lead}${quote}${rest!.slice(0, cut)}\n\n${base}${extra}${rest!.slice(cut + 1)}`);
        if (quote === '"')
          yield at(`${lead}${quote}${rest!.slice(0, cut)}\\\n${base}${extra}${rest!.slice(cut)}`);
      }
    }
    const flow = /\{|\[/.exec(line);
    if (flow)
      for (const k of ['True', 'Null', 'FALSE'])
        yield at(line.replace(/([{,]\s*)([A-Za-z_][\w.-]*)(\s*:)/, `$1${k}$3`));
  }
}

describe('the fast YAML path on the yaml-test-suite', () => {
  it('holds the suite: 402 inputs, MIT, with their license', () => {
    expect(inputs.length).toBe(402);
    expect(readFileSync(new URL('../fixtures/yaml-test-suite/LICENSE', import.meta.url), 'utf8')).toMatch(
      /MIT License/,
    );
  });

  it('gives js-yaml value for every input it accepts, alone and as frontmatter', () => {
    const tally: Tally = { accepted: 0, wrong: [] };
    for (const input of inputs) check(input.yaml, input.id, tally);
    expect(tally.wrong).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(30);
  });

  it('gives js-yaml value for every mutation of an input it accepts', () => {
    const tally: Tally = { accepted: 0, wrong: [] };
    let tried = 0;
    for (const input of inputs) {
      for (const mutated of mutations(input.yaml)) {
        tried++;
        check(mutated, `${input.id} mutated: ${JSON.stringify(mutated).slice(0, 80)}`, tally);
      }
    }
    expect(tally.wrong.slice(0, 20)).toEqual([]);
    expect(tried).toBeGreaterThan(30_000);
    expect(tally.accepted).toBeGreaterThan(5_000);
  });

  it('reads what common writers emit: yaml.stringify, js-yaml dump, a hand style, frontmatter', async () => {
    const { mkdtemp, readFile, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { CORPORA, generateCorpus } = await import('../../bench/corpora.ts');
    const dir = await mkdtemp(path.join(tmpdir(), 'failcat-writers-'));
    try {
      for (const kind of CORPORA) {
        const out = path.join(dir, kind);
        generateCorpus({ kind, cases: 40, out, seed: 9 });
        let fast = 0;
        const tally: Tally = { accepted: 0, wrong: [] };
        for (const name of await readdir(path.join(out, 'cases'))) {
          const src = parseSource(name, await readFile(path.join(out, 'cases', name)));
          if (src.fast) fast++;
          check(src.yamlText, `${kind} ${name}`, tally);
        }
        expect(tally.wrong, kind).toEqual([]);
        expect(fast, kind).toBe(40);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads capitalised null and boolean keys as js-yaml does, and their duplicates as duplicates', () => {
    expect(parseFastYaml('Null: 1\nTrue: 2\nFALSE: 3\n')).toEqual({ null: 1, true: 2, false: 3 });
    expect(parseFastYaml('a: {True: 1, NULL: 2}\n')).toEqual({ a: { true: 1, null: 2 } });
    // js-yaml refuses these as duplicate keys; the fast path leaves them to it.
    expect(parseFastYaml('true: a\nTRUE: b\n')).toBe(BAIL);
    expect(parseFastYaml('a: {null: 1, Null: 2}\n')).toBe(BAIL);
    expect(reference('true: a\nTRUE: b\n')).toBe(THROWS);
  });

  it('reads the integer -0 as 0, and refuses Unicode whitespace after a block scalar header', () => {
    expect(Object.is(parseFastYaml('a: -0\n'), undefined)).toBe(false);
    expect(Object.is((parseFastYaml('a: -0\n') as { a: number }).a, 0)).toBe(true);
    expect(Object.is((parseFastYaml('a: -0.0\n') as { a: number }).a, -0)).toBe(true);
    expect(parseFastYaml('e: |\u00a0\n  x\n')).toBe(BAIL);
    expect(reference('e: |\u00a0\n  x\n')).toBe(THROWS);
  });
});
