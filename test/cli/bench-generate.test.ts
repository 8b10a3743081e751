/** The benchmark catalog generator: valid, varied, mixed formats, deterministic for a seed. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/generate.ts';
import { validateCatalog } from '../../core/catalog.ts';
import { fsReader } from '../../scripts/lib/fs-reader.ts';
import { makeTemp, removeTemp } from '../helpers/catalog.ts';

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
