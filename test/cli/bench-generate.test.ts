/** The benchmark catalog generator: valid, varied, mixed formats, deterministic for a seed. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/generate.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { MIN_FILES_FOR_WORKERS } from '../../node/pool/validation.ts';
import { makeTemp, removeTemp } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

async function generate(cases: number, seed: number) {
  const out = await makeTemp('failcat-bench-');
  temps.push(out);
  const bytes = generateCatalog({ cases, out, seed });
  const files = readdirSync(path.join(out, 'cases')).sort();
  return { out, bytes, files };
}

describe('bench/generate.ts', () => {
  it('writes a valid catalog of mixed formats, about 3 to 4 KB a case, with no near-duplicates', async () => {
    const { out, bytes, files } = await generate(600, 3);
    expect(files).toHaveLength(600);
    const markdown = files.filter((f) => f.endsWith('.md')).length;
    expect(markdown).toBeGreaterThan(240);
    expect(markdown).toBeLessThan(360);
    expect(bytes / 600).toBeGreaterThan(2500);
    expect(bytes / 600).toBeLessThan(4500);
    const result = await validateCatalog(out, fsReader, { keepRecords: true });
    expect(result.findings).toEqual([]);
    expect(result.caseCount).toBe(600);
    const facets = (pick: (c: (typeof result.cases)[number]) => unknown) =>
      new Set(result.cases.map(pick)).size;
    expect(facets((c) => c.data.severity)).toBe(3);
    expect(facets((c) => c.data.system?.model)).toBeGreaterThan(100);
    expect(facets((c) => c.data.failure_modes?.[0])).toBe(5);
    expect(facets((c) => c.data.root_causes?.[0]?.layer)).toBe(6);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await generate(40, 7);
    const b = await generate(40, 7);
    const c = await generate(40, 8);
    expect(b.files).toEqual(a.files);
    const read = (dir: string, f: string) => readFileSync(path.join(dir, 'cases', f), 'utf8');
    for (const f of a.files) expect(read(b.out, f)).toBe(read(a.out, f));
    expect(c.files).not.toEqual(a.files);
  });
});

describe('failcat validate on worker threads', () => {
  it('reports what one thread reports, on a catalog large enough for the prestarted workers', async () => {
    const { out, files } = await generate(600, 5);
    expect(files.length).toBeGreaterThanOrEqual(MIN_FILES_FOR_WORKERS * 2);
    // Break files spread over the catalog, so each thread meets some of them.
    const casesDir = path.join(out, 'cases');
    const breaks: [number, (text: string) => string][] = [
      [13, (t) => t.replace(/severity: SEV\d/, 'severity: SEV9')],
      [40, (t) => t.replace(/\nstatus: /, '\nstatus: [unclosed\nx: ')],
      [71, (t) => t.replace(/\ntitle: /, '\ntitle: AKIAABCDEFGHIJKLMNOP ')],
    ];
    for (const [i, f] of files.entries()) {
      for (const [at, change] of breaks) {
        if (i % 97 !== at) continue;
        const file = path.join(casesDir, f);
        writeFileSync(file, change(readFileSync(file, 'utf8')));
      }
    }
    const alone = await validateCatalog(out, fsReader);
    expect(new Set(alone.findings.map((f) => f.rule))).toEqual(
      new Set(['severity-ref', 'yaml-syntax', 'secret']),
    );
    const run = await runCli(['validate', '--catalog', out, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { files: number; cases: number; findings: unknown[] };
    expect(report.files).toBe(600);
    expect(report.cases).toBe(alone.caseCount);
    expect(report.findings).toEqual(alone.findings);
  });
});
