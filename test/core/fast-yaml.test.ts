import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/generate.ts';
import { BAIL, parseFastYaml } from '../../core/parse/fast-yaml/index.ts';
import { locate, locateWithYaml, parseSource, type ParsedSource } from '../../core/parse/source.ts';
import { reference, THROWS } from '../helpers/js-yaml-reference.ts';

/** The property: the fast path returns what js-yaml returns, or bails. */
function expectEquivalent(text: string, label: string): boolean {
  const fast = parseFastYaml(text);
  if (fast === BAIL) return false;
  const ref = reference(text);
  expect(ref, `${label}: js-yaml rejects what the fast path accepted`).not.toBe(THROWS);
  expect(fast, label).toStrictEqual(ref);
  return true;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|md)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

let generated: string;
const corpus: { file: string; yaml: string; src: ParsedSource }[] = [];

beforeAll(async () => {
  generated = await mkdtemp(path.join(tmpdir(), 'failcat-fast-yaml-'));
  generateCatalog({ cases: 300, out: generated, seed: 7 });
  for (const dir of ['catalog', 'test/fixtures', generated]) {
    for (const file of await filesUnder(dir)) {
      const bytes = await readFile(file);
      if (bytes.byteLength > 200_000) continue;
      const src = parseSource(file, bytes);
      if (src.yamlText) corpus.push({ file, yaml: src.yamlText, src });
    }
  }
});

afterAll(() => rm(generated, { recursive: true, force: true }));

describe('parseFastYaml', () => {
  it('matches js-yaml on every catalog, fixture and generated file it accepts', () => {
    let accepted = 0;
    for (const { file, yaml } of corpus) if (expectEquivalent(yaml, file)) accepted++;
    expect(corpus.length).toBeGreaterThan(300);
    expect(accepted).toBeGreaterThan(0);
  });

  it('accepts nearly every generated case and every shipped case, so the fast path is really taken', () => {
    const share = (prefix: string) => {
      const files = corpus.filter((c) => c.file.startsWith(prefix));
      return files.filter((c) => parseFastYaml(c.yaml) !== BAIL).length / files.length;
    };
    expect(share(generated)).toBeGreaterThan(0.95);
    expect(share('catalog/cases')).toBeGreaterThan(0.8);
  });

  it('reads a frontmatter in place, inside the whole file, as it reads it cut out', () => {
    const markdown = corpus.filter((c) => c.src.format === 'markdown' && !c.src.text.includes('\r'));
    expect(markdown.length).toBeGreaterThan(100);
    for (const { file, yaml, src } of markdown) {
      const from = src.text.indexOf('\n') + 1;
      expect(src.text.slice(from, from + yaml.length)).toBe(yaml);
      expect(parseFastYaml(src.text, from, from + yaml.length), file).toStrictEqual(parseFastYaml(yaml));
    }
    // The part's limits hold: what follows the range is not read.
    const text = 'a: 1\nb: "x\n---\n"';
    expect(parseFastYaml(text, 0, 4)).toStrictEqual({ a: 1 });
    expect(parseFastYaml(text, 0, 10)).toBe(BAIL);
    expect(parseFastYaml('pre\nk: [1, 2]\n#', 4, 13)).toStrictEqual({ k: [1, 2] });
  });

  it.each([
    'plain text',
    'a:b',
    'C# and F#',
    '0',
    '-1',
    '+7',
    '42',
    '0.95',
    '-0.5',
    '1e5',
    '1.5E-3',
    '.5',
    '-.5',
    '1.',
    '007',
    '0x1F',
    '0o17',
    '1_000',
    '.inf',
    '-.inf',
    '.NaN',
    'null',
    'Null',
    '~',
    'true',
    'False',
    'yes',
    'no',
    'on',
    '2025-06-14',
    '2025-06-14T02:00:00Z',
    '2025-06-14 02:00:00+01:00',
    '3.4.1',
    '12:30',
    '1:30:00',
    '"quoted: text"',
    "'it''s'",
    '"esc \\" \\\\ \\n \\t"',
    '"\\x41"',
    '[a, b, c]',
    '[]',
    '{}',
    '{a: 1, b: [x, y]}',
    '[a: 1]',
    '{a: b: c}',
    'x # comment',
    'x #comment',
    'value  ',
    '-',
    '- x',
    '&anchor x',
    '*alias',
    '!tag x',
    '| ',
    '>-',
    '@at',
    '`tick`',
    '12345678901234567',
    '9007199254740993',
    '1e400',
    '[1, 2.5, -3, true, null, "s"]',
    '{ at: 2025-06-14T02:00:00Z, event: Done. }',
  ])('resolves `k: %s` as js-yaml does', (scalar) => {
    expectEquivalent(`k: ${scalar}\n`, scalar);
  });

  it.each([
    [
      'block scalars',
      'a: |\n  line 1\n    indented\n  line 3\nb: >-\n  folded\n  text\n\n  para\nc: >\n  clip\n\n',
    ],
    ['sequence at key indent', 'a:\n- 1\n- two\nb: x\n'],
    ['nested items', 'l:\n  - k: 1\n    m: [x]\n  - k: 2\n    n:\n      - deep\n'],
    ['empty values', 'a:\nb: ~\nc:\n  d:\n'],
    ['comments everywhere', '# top\na: 1 # one\n\n  # indented comment\nb:\n  # before\n  - x # after\n'],
    ['duplicate key', 'a: 1\na: 2\n'],
    ['proto key', '__proto__: {x: 1}\n'],
    ['multi-line plain', 'a: first\n  second\n'],
    ['bad indentation', 'a: 1\n  b: 2\n'],
    ['leading blank in block scalar', 'a: |\n\n  text\n'],
    ['trailing spaces in literal', 'a: |\n  x  \n  y\n'],
    ['keep chomping', 'a: |+\n  x\n\n'],
    ['empty item before a shallower item', 'x:\n  - id: 1\n    r:\n      - a\n      -  # c\n  - id: 2\n'],
    ['control character', 'a: b\u0001c\n'],
    ['lone surrogate', 'a: x\uD83Dy\n'],
    ['emoji', 'a: x \u{1F600} y\n'],
  ])('handles %s as js-yaml does, or bails', (_name, text) => {
    expectEquivalent(text, _name);
  });

  it('matches js-yaml under random mutations of real documents', () => {
    // A seeded generator: the same mutations on every run, so a failure reproduces.
    // FAILCAT_FUZZ=N,SEED runs N mutations from another seed, for a longer search by hand.
    const [runs, start] = (process.env.FAILCAT_FUZZ ?? '3000,20261122').split(',').map(Number);
    let seed = start!;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const SPECIAL = [
      ' ',
      '  ',
      ':',
      ': ',
      '-',
      '- ',
      '#',
      ' #',
      '"',
      "'",
      '|',
      '>',
      '[',
      ']',
      '{',
      '}',
      ',',
      '\n',
      '&',
      '*',
      '!',
      '0',
      '.',
      '~',
      'e',
      '1',
    ];
    const documents = corpus.filter((c) => parseFastYaml(c.yaml) !== BAIL).slice(0, 80);
    let accepted = 0;
    for (let n = 0; n < runs!; n++) {
      const doc = pick(documents).yaml;
      const lines = doc.split('\n');
      const line = Math.floor(random() * lines.length);
      const target = lines[line]!;
      const at = Math.floor(random() * (target.length + 1));
      switch (Math.floor(random() * 4)) {
        case 0:
          lines[line] = target.slice(0, at) + pick(SPECIAL) + target.slice(at);
          break;
        case 1:
          lines[line] = target.slice(0, at) + target.slice(at + 1);
          break;
        case 2:
          lines.splice(line, 0, target);
          break;
        default:
          lines[line] = (random() < 0.5 ? ' ' : '') + target.replace(/^ /, random() < 0.5 ? '' : ' ');
      }
      if (expectEquivalent(lines.join('\n'), `mutation ${n}`)) accepted++;
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('locates every key and value where the yaml package locates them', () => {
    const paths = (value: unknown, path: (string | number)[], out: (string | number)[][]) => {
      out.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...path, i], out));
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) paths(v, [...path, k], out);
      }
      return out;
    };
    let compared = 0;
    for (const { file, src } of corpus.slice(0, 200)) {
      if (src.data === undefined || parseFastYaml(src.yamlText) === BAIL) continue;
      for (const path of paths(src.data, [], [])) {
        for (const atKey of [false, true]) {
          expect(locate(src, path, atKey), `${file} ${path.join('.')} atKey=${atKey}`).toEqual(
            locateWithYaml(src, path, atKey),
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
