/** `failcat new` fed through a pipe: a piped title, answers asked again, the severity's sections. */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemp, ROOT, writeCatalog } from '../helpers/catalog.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

/** Runs `failcat new` with `input` on standard input (a pipe, not a terminal). */
function newCase(args: string[], input: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/failcat.js'), 'new', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('failcat new from a pipe', () => {
  it('reads a piped title and defaults the rest', async () => {
    const dir = await writeCatalog({});
    temps.push(dir);
    const r = newCase(['--catalog', dir], 'Search ranker ignored the pet filter\n');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(`${dir}/cases/FC-0001-search-ranker-ignored-the-pet-filter.md`);
  });

  it('asks again after an answer that does not fit, keeping the earlier answers', async () => {
    const dir = await writeCatalog({});
    temps.push(dir);
    // A short title, then a good one; an unknown severity, then SEV1; no model; yaml.
    const r = newCase(['--catalog', dir], 'Oops\nPricing model read cents as dollars\nSEV9\nSEV1\n\nyaml\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"Oops": a title needs at least 8 characters.');
    expect(r.stderr).toContain('"SEV9": the severity must be one of SEV1, SEV2, SEV3.');
    const file = r.stdout.trim();
    expect(file).toBe(`${dir}/cases/FC-0001-pricing-model-read-cents-as-dollars.yaml`);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('title: "Pricing model read cents as dollars"');
    expect(text).toContain('severity: SEV1');
    // The sections SEV1 requires in this policy, under narrative:.
    expect([...text.matchAll(/^ {2}([a-z-]+): >-$/gm)].map((m) => m[1])).toEqual([
      'impact',
      'diagnosis',
      'follow-up',
    ]);
  });

  it('writes the Markdown headings the severity requires, and the draft validates', async () => {
    const dir = await writeCatalog({});
    temps.push(dir);
    const r = newCase(['--catalog', dir, '--severity', 'SEV1'], 'Pricing model read cents as dollars\n');
    expect(r.code).toBe(0);
    const text = await readFile(r.stdout.trim(), 'utf8');
    expect([...text.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['Impact', 'Diagnosis', 'Follow-up']);
    const check = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/failcat.js'), 'validate', '--catalog', dir],
      {
        encoding: 'utf8',
      },
    );
    expect(check.status).toBe(0);
  });

  // util-linux `script` gives the command a terminal, so it asks its questions.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal, asks again after an answer that does not fit', async () => {
    const dir = await writeCatalog({});
    temps.push(dir);
    const command = `'${process.execPath}' '${path.join(ROOT, 'bin/failcat.js')}' new --catalog '${dir}' < /dev/tty`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      input: 'Oops\nPricing model read cents as dollars\nSEV9\nSEV2\npricing-gbm\nyaml\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Not quite: a title needs at least 8 characters. Try again.');
    expect(r.stdout).toContain('Not quite: the severity must be one of SEV1, SEV2, SEV3. Try again.');
    const text = await readFile(`${dir}/cases/FC-0001-pricing-model-read-cents-as-dollars.yaml`, 'utf8');
    expect(text).toContain('severity: SEV2');
    expect(text).toContain('model: "pricing-gbm"');
  });

  it('stops when the pipe runs out before a valid title', async () => {
    const dir = await writeCatalog({});
    temps.push(dir);
    const r = newCase(['--catalog', dir], 'Oops\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--title is required');
  });
});
