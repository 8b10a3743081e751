/**
 * Hostile and broken input, generated here rather than committed: each must become a
 * finding with a file, a position and a hint, never an exception or a hang.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCaseFile, validateCatalog } from '../../core/validate/catalog.ts';
import { loadConfig } from '../../core/validate/catalog-config.ts';
import type { RuleContext } from '../../core/validate/config.ts';
import type { Finding } from '../../core/model/findings.ts';
import { MAX_FILE_BYTES, parseSource } from '../../core/parse/source.ts';
import { fsReader } from '../../node/fs-reader.ts';
import {
  caseMarkdown,
  caseYaml,
  FIXTURE_CATALOG,
  makeCase,
  removeTemp,
  writeCatalog,
} from '../helpers/catalog.ts';

const encode = (text: string) => new TextEncoder().encode(text);
let ctx: RuleContext;
beforeAll(async () => {
  ({ ctx } = await loadConfig(FIXTURE_CATALOG, fsReader));
});

/** Checks a file and returns its findings, asserting the shape every finding must have. */
function check(file: string, bytes: Uint8Array): Finding[] {
  const { findings } = checkCaseFile(file, bytes, ctx);
  for (const f of findings) {
    expect(f.file).toBe(file);
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
    expect(f.hint.length).toBeGreaterThan(10);
  }
  return findings;
}

const at = (findings: Finding[]) =>
  findings.map(({ line, column, rule, severity }) => ({ line, column, rule, severity }));
const valid = caseYaml(makeCase());

describe('hostile input', () => {
  it('refuses a 10 MB file before parsing it', () => {
    const big = encode(valid + `x-padding: "${'a'.repeat(10 * 1024 * 1024)}"\n`);
    const findings = check('cases/FC-0101-big.yaml', big);
    expect(at(findings)).toEqual([{ line: 1, column: 1, rule: 'file-too-large', severity: 'error' }]);
    expect(findings[0]!.message).toMatch(/10\.0 MiB/);
  });

  it('accepts a file of exactly the size limit (near miss of file-too-large)', () => {
    const head = valid + 'x-padding: "';
    const tail = '"\n';
    const pad = 'a'.repeat(MAX_FILE_BYTES - encode(head + tail).byteLength);
    const bytes = encode(head + pad + tail);
    expect(bytes.byteLength).toBe(MAX_FILE_BYTES);
    expect(check('cases/FC-0101-exactly-at-limit.yaml', bytes)).toEqual([]);
  });

  it('refuses 10,000-deep nesting in flow sequences and flow mappings', () => {
    const n = 10_000;
    const seq = `${valid}x-deep: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
    const map = `${valid}x-deep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`;
    for (const [name, text] of [
      ['seq', seq],
      ['map', map],
    ] as const) {
      const findings = check(`cases/FC-0101-deep-${name}.yaml`, encode(text));
      expect(findings.map((f) => f.rule)).toEqual(['too-deep']);
    }
  });

  it('refuses 10,000-deep block nesting in frontmatter', () => {
    // Block style needs indentation per level; lists of lists keep each line short.
    const lines = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i % 2)}- `).join('');
    const text = `---\n${caseYaml(makeCase()).trimEnd()}\nx-deep:\n  ${lines}1\n---\n`;
    const findings = check('cases/FC-0101-deep-block.md', encode(text));
    expect(findings.length).toBe(1);
    expect(['too-deep', 'yaml-syntax']).toContain(findings[0]!.rule);
  });

  it('refuses a billion-laughs alias bomb', () => {
    const levels = ['x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`x-${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const findings = check('cases/FC-0101-bomb.yaml', encode(`${valid}${levels.join('\n')}\n`));
    expect(at(findings)).toEqual([{ line: 1, column: 1, rule: 'too-many-nodes', severity: 'error' }]);
  });

  it('refuses __proto__, constructor and prototype keys at their position', () => {
    const cases = [
      ['__proto__', `${valid}x-meta:\n  __proto__:\n    polluted: true\n`],
      ['constructor', `${valid}constructor: x\n`],
      ['prototype', `${valid}x-meta:\n  list:\n    - prototype: 1\n`],
    ] as const;
    for (const [key, text] of cases) {
      const findings = check(`cases/FC-0101-${key}.yaml`, encode(text));
      expect(findings.map((f) => f.rule)).toEqual(['forbidden-key']);
      const line = text.split('\n').findIndex((l) => l.includes(`${key}:`)) + 1;
      const column = text.split('\n')[line - 1]!.indexOf(key) + 1;
      expect(findings[0]).toMatchObject({ line, column });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('warns about a BOM and still validates the rest', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...encode(caseYaml(makeCase({ status: 'closed' } as never))),
    ]);
    const findings = check('cases/FC-0101-bom.yaml', bytes);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['encoding', 'warning'],
      ['schema', 'error'],
    ]);
  });

  it('points at a tab used for indentation', () => {
    const text = valid.replace('system:\n  model:', 'system:\n\tmodel:');
    const line = text.split('\n').findIndex((l) => l.startsWith('\tmodel')) + 1;
    const findings = check('cases/FC-0101-tabs.yaml', encode(text));
    expect(at(findings)).toEqual([{ line, column: 1, rule: 'yaml-syntax', severity: 'error' }]);
    expect(findings[0]!.hint).toMatch(/spaces, not tabs/);
  });

  it('points at the first invalid UTF-8 byte, in a Markdown body too', () => {
    const md = encode(caseMarkdown(makeCase(), '\n## Diagnosis\n\nbad byte: '));
    const bytes = new Uint8Array([...md, 0xff, 0x0a]);
    const findings = check('cases/FC-0101-latin1.md', bytes);
    const lines = new TextDecoder().decode(md).split('\n');
    expect(at(findings)).toEqual([
      { line: lines.length, column: 'bad byte: '.length + 1, rule: 'encoding', severity: 'error' },
    ]);
  });

  it('reports empty files, and whitespace-only ones', () => {
    for (const text of ['', '\n\n', '   \n\t\n']) {
      expect(at(check('cases/FC-0101-empty.yaml', encode(text)))).toEqual([
        { line: 1, column: 1, rule: 'empty-file', severity: 'error' },
      ]);
    }
  });

  it('points at the second of two duplicate keys', () => {
    const text = `${valid}title: A second title for the same case\n`;
    const line = text.trimEnd().split('\n').length;
    expect(at(check('cases/FC-0101-dup.yaml', encode(text)))).toEqual([
      { line, column: 1, rule: 'duplicate-key', severity: 'error' },
    ]);
  });

  it('reports a missing and an unterminated frontmatter fence', () => {
    const body = caseMarkdown(makeCase(), '\n## Diagnosis\n\ntext\n');
    const missing = body.replace(/^---\n/, '');
    const unterminated = body.replace(/\n---\n/, '\n');
    expect(at(check('cases/FC-0101-a.md', encode(missing)))).toEqual([
      { line: 1, column: 1, rule: 'frontmatter', severity: 'error' },
    ]);
    const findings = check('cases/FC-0101-b.md', encode(unterminated));
    expect(at(findings)).toEqual([{ line: 1, column: 1, rule: 'frontmatter', severity: 'error' }]);
    expect(findings[0]!.message).toMatch(/never closed/);
  });

  it('accepts CRLF line endings in a Markdown case', () => {
    const text = caseMarkdown(makeCase(), '\n## Diagnosis\n\ntext\n').replace(/\n/g, '\r\n');
    expect(check('cases/FC-0101-crlf.md', encode(text))).toEqual([]);
  });

  it('refuses a YAML document that is not a mapping', () => {
    for (const text of ['- a\n- b\n', '42\n', 'just a sentence\n', 'null\n']) {
      const findings = check('cases/FC-0101-scalar.yaml', encode(text));
      expect(findings.map((f) => f.rule)).toEqual(['schema']);
    }
  });

  it('keeps going through a whole catalog of hostile files', async () => {
    const dir = await writeCatalog({
      'FC-0101-ok.yaml': valid,
      'FC-0102-bomb.yaml': `id: FC-0102\na: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e]\n`,
      'FC-0103-binary.yaml': new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0x81]),
      'FC-0104-empty.md': '',
      'FC-0105-proto.md': '---\n__proto__: {}\n---\n',
    });
    try {
      const result = await validateCatalog(dir, fsReader);
      const rules = result.findings.map((f) => [path.basename(f.file), f.rule]);
      expect(rules).toEqual([
        ['FC-0102-bomb.yaml', 'too-many-nodes'],
        ['FC-0103-binary.yaml', 'encoding'],
        ['FC-0104-empty.md', 'empty-file'],
        ['FC-0105-proto.md', 'forbidden-key'],
      ]);
      expect(result.caseCount).toBe(1);
    } finally {
      await removeTemp(dir);
    }
  });

  it('never throws from parseSource on random bytes', () => {
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 400)).map(() => Math.floor(random() * 256));
      expect(() => parseSource('cases/x.yaml', bytes)).not.toThrow();
      expect(() => parseSource('cases/x.md', bytes)).not.toThrow();
    }
  });
});
