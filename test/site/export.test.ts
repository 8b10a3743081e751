import { execFile } from 'node:child_process';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importCatalog } from '../../core/publish/export.ts';
import { FIXTURE, ROOT } from './helpers.ts';

const run = promisify(execFile);

async function failcat(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/failcat.js'), ...args], {
      cwd: ROOT,
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('failcat export', () => {
  it('writes the public export, which importCatalog reads back', async () => {
    const { code, stdout } = await failcat('export', '--catalog', FIXTURE, '--audience', 'public');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.audience).toBe('public');
    expect(doc.cases.map((c: { id: string }) => c.id)).toEqual(['FC-0001', 'FC-0004']);
    const imported = importCatalog(doc, 'stdout');
    expect(imported.cases).toHaveLength(2);
    expect(imported.config.policy.id_prefix).toBe('FC');
  });

  it('defaults to the policy audience (internal in the fixture) and writes a file with --out', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'failcat-export-')), 'cases.json');
    const { code, stderr } = await failcat('export', '--catalog', FIXTURE, '--out', out);
    expect(code).toBe(0);
    expect(stderr).toContain('Wrote 4 internal cases');
  });

  it('refuses an invalid catalog with its findings and a bad audience with usage', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'failcat-export-bad-'));
    await cp(FIXTURE, dir, { recursive: true });
    await writeFile(path.join(dir, 'cases/FC-0009-bad.yaml'), 'id: FC-0009\ntitle: x\n');
    const bad = await failcat('export', '--catalog', dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/FC-0009-bad\.yaml:\d+:\d+/);
    const usage = await failcat('export', '--catalog', FIXTURE, '--audience', 'everyone');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--audience must be one of public, internal');
  });
});
