/**
 * Positions of findings: from the parse that read the file (the fast path's map, or
 * js-yaml's listener events), equal to the `yaml` package's; one pass per file however
 * many findings it has; CR-only and CRLF line ends counted as lines.
 */
import { readFileSync, readdirSync } from 'node:fs';
import jsyaml from 'js-yaml';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { BAIL, parseFastYaml, setFastYaml } from '../../core/parse/fast-yaml/index.ts';
import { positionsFromEvents, YamlEvents } from '../../core/parse/positions.ts';
import { locate, locateWithYaml, parseSource, positionWork } from '../../core/parse/source.ts';
import { checkCaseFile, validateCatalog } from '../../core/validate/catalog.ts';
import { type CatalogReader } from '../../core/model/files.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { caseYaml, makeCase, removeTemp, writeCatalog } from '../helpers/catalog.ts';
import { createRuleContext } from '../../core/validate/config.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const ctx = createRuleContext({});

const suite = (
  JSON.parse(readFileSync(new URL('../fixtures/yaml-test-suite/inputs.json', import.meta.url), 'utf8')) as {
    id: string;
    yaml: string;
  }[]
).map((i): [string, string] => [`suite ${i.id}`, i.yaml]);

/** Every shipped case and rule fixture, as written, and as yaml.stringify and js-yaml's dump write it. */
const caseFiles = [
  ...readdirSync('catalog/cases').map((f) => `catalog/cases/${f}`),
  ...readdirSync('test/fixtures/rules', { recursive: true, encoding: 'utf8' })
    .filter((f) => /\/cases\/.*\.(md|ya?ml)$/.test(f))
    .map((f) => `test/fixtures/rules/${f}`),
];
const shipped: [string, string][] = caseFiles.flatMap((name): [string, string][] => {
  const src = parseSource(name, readFileSync(name));
  if (src.data === undefined) return [];
  return [
    [`${name} as written`, src.yamlText],
    [`${name} by yaml.stringify`, YAML.stringify(src.data)],
    [`${name} by js-yaml dump`, jsyaml.dump(src.data)],
  ];
});

function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

/** A valid shipped case, to grow into the large documents below. */
const BASE = readFileSync('catalog/cases/FC-0002-churn-classifier-all-positive-corrupt-column.yaml', 'utf8');

afterEach(() => setFastYaml(true));

describe('positions from js-yaml events', () => {
  it('places every key and value where the yaml package does, on the suite and on other writers', () => {
    // Off, every document goes through js-yaml, and so through its events.
    setFastYaml(false);
    let compared = 0;
    const placed = { suite: 0, shipped: 0 };
    for (const [label, yaml] of [...suite, ...shipped]) {
      const src = parseSource('case.yaml', encode(yaml));
      if (src.data === undefined) continue;
      const events = new YamlEvents();
      jsyaml.load(src.yamlText, { schema: jsyaml.CORE_SCHEMA, listener: events.listener });
      // Anchors and aliases are the yaml package's to place.
      const anchored = /(?:^|[\s[{,])&[^\s]/m.test(src.yamlText);
      if (positionsFromEvents(src.yamlText, events, src.data))
        placed[label.startsWith('suite') ? 'suite' : 'shipped']++;
      else if (!label.startsWith('suite')) expect(anchored, `${label}: not placed`).toBe(true);
      for (const path of pathsOf(src.data)) {
        for (const atKey of [false, true]) {
          expect(locate(src, path, atKey), `${label} ${JSON.stringify(path)} atKey=${atKey}`).toEqual(
            locateWithYaml(src, path, atKey),
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20_000);
    // Case files from every writer are placed from the events, not handed to the yaml package.
    expect(shipped.length).toBeGreaterThan(100);
    expect(placed.shipped).toBeGreaterThan(shipped.length - 5);
    expect(placed.suite).toBeGreaterThan(80);
  });

  it('the fast path reads what other writers emit, and places it where the yaml package does', () => {
    let compared = 0;
    let fast = 0;
    for (const [label, yaml] of shipped) {
      const src = parseSource('case.yaml', encode(yaml));
      if (src.data === undefined) continue;
      if (src.fast) fast++;
      else continue;
      for (const path of pathsOf(src.data)) {
        for (const atKey of [false, true]) {
          expect(locate(src, path, atKey), `${label} ${JSON.stringify(path)} atKey=${atKey}`).toEqual(
            locateWithYaml(src, path, atKey),
          );
          compared++;
        }
      }
    }
    expect(fast).toBeGreaterThan(shipped.length * 0.9);
    expect(compared).toBeGreaterThan(20_000);
  });

  it('steps aside for what the events cannot place as the yaml package does', () => {
    for (const yaml of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '? a\n: 1\n', 'a: [1,\n  2]\n', '--- a: 1\n']) {
      const events = new YamlEvents();
      const data = jsyaml.load(yaml, { schema: jsyaml.CORE_SCHEMA, listener: events.listener });
      expect(positionsFromEvents(yaml, events, data), JSON.stringify(yaml)).toBeUndefined();
    }
  });
});

describe('positions in one pass per file', () => {
  it('positions 20,000 flagged lessons, each on its own line', { timeout: 120_000 }, () => {
    const head = BASE.replace(/^lessons_learned:[\s\S]*?(?=^\S)/m, '').replace(/\n*$/, '\n');
    const firstLine = head.split('\n').length;
    const text = `${head}lessons_learned:\n${Array.from({ length: 20_000 }, (_, i) => `  - human error ${i}`).join('\n')}\n`;
    const before = { ...positionWork };
    const found = checkCaseFile('cases/FC-0002-x.yaml', encode(text), ctx).findings.filter(
      (f) => f.rule === 'blameless',
    );
    expect(found).toHaveLength(20_000);
    // One position map and one line index for the file, and no second parse.
    expect(positionWork).toEqual({
      positionMaps: before.positionMaps + 1,
      lineIndexes: before.lineIndexes + 1,
      yamlPackageParses: before.yamlPackageParses,
    });
    found.forEach((f, i) => expect([f.line, f.column]).toEqual([firstLine + 1 + i, 5]));
  });

  it('positions 60,000 unknown keys, each at its key', { timeout: 120_000 }, () => {
    const head = BASE.replace(/\n*$/, '\n');
    const firstLine = head.split('\n').length;
    const text = `${head}${Array.from({ length: 60_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    // Past the fast path's limits: js-yaml reads it, and its events place the findings.
    expect(parseFastYaml(text)).toBe(BAIL);
    const before = { ...positionWork };
    const found = checkCaseFile('cases/FC-0002-x.yaml', encode(text), ctx).findings;
    expect(found).toHaveLength(60_000);
    expect(positionWork.positionMaps).toBe(before.positionMaps + 1);
    expect(positionWork.yamlPackageParses).toBe(before.yamlPackageParses);
    found.forEach((f, i) => {
      expect(f.message).toBe(`Unknown field \`k${i}\`.`);
      expect([f.line, f.column]).toEqual([firstLine + i, 1]);
    });
  });
});

describe('positions of findings across cases', () => {
  it('come from the parse that read each file: no file is read again', async () => {
    const twin = makeCase({ id: 'FC-0102', related: ['FC-0109'], supersedes: 'FC-0101' });
    const dir = await writeCatalog({
      'FC-0101-first.yaml': caseYaml(makeCase()),
      // A near-duplicate (same title and summary) that also names a missing case.
      'FC-0102-second.yaml': caseYaml(twin),
      'FC-0103-third.md': `---\n${caseYaml(makeCase({ id: 'FC-0103', duplicate_of: 'FC-0108' }))}---\n\nText.\n`,
    });
    try {
      const reads: string[] = [];
      const counting: CatalogReader = {
        list: (d) => fsReader.list(d),
        read: (f) => (reads.push(f), fsReader.read(f)),
        readSync: (f) => fsReader.readSync!(f),
      };
      const counted = await validateCatalog(dir, counting);
      const across = counted.findings.filter((f) => ['near-duplicate', 'case-ref'].includes(f.rule));
      expect(new Set(across.map((f) => f.rule))).toEqual(new Set(['case-ref', 'near-duplicate']));
      expect(across.length).toBeGreaterThanOrEqual(3);
      // Only the configuration files are read with `read`; the cases once, by the runner.
      expect(
        reads.every((f) => !f.includes('/cases/')),
        reads.join(', '),
      ).toBe(true);
      // And the positions are those a second reading gives.
      const reread = await validateCatalog(dir, { list: fsReader.list, read: fsReader.read });
      expect(counted.findings).toEqual(reread.findings);
    } finally {
      await removeTemp(dir);
    }
  });
});

describe('line ends', () => {
  const fixture = 'test/fixtures/rules/blameless/fires';
  const files = readdirSync(fixture, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\.(md|ya?ml)$/.test(f),
  );

  it('CR-only and CRLF files give the findings of the LF file, at the same positions', () => {
    expect(files.length).toBeGreaterThan(0);
    let findings = 0;
    for (const name of files) {
      const lf = readFileSync(`${fixture}/${name}`, 'utf8').replace(/\r\n?/g, '\n');
      const expected = checkCaseFile(`cases/${name}`, encode(lf), ctx).findings;
      findings += expected.length;
      for (const end of ['\r', '\r\n']) {
        const text = lf.replace(/\n/g, end);
        expect(
          checkCaseFile(`cases/${name}`, encode(text), ctx).findings,
          `${name} ${JSON.stringify(end)}`,
        ).toEqual(expected);
      }
    }
    expect(findings).toBeGreaterThan(0);
  });

  it('reads a CR-only Markdown frontmatter', () => {
    const src = parseSource('case.md', encode('---\rid: FC-0001\rtitle: A\r---\r\r## Summary\rText.\r'));
    expect(src.findings).toEqual([]);
    expect(src.data).toEqual({ id: 'FC-0001', title: 'A' });
    expect(src.bodyLine).toBe(5);
    expect(locate(src, ['title'])).toEqual({ line: 3, column: 8 });
  });
});
