/**
 * An unreadable file or folder is a finding, not the end of the run (issue 13, item 17).
 * Tests run as root here, where permissions do not deny, so the denial is simulated.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { caseYaml, makeCase, relativeFindings, removeTemp, writeCatalog } from '../helpers/catalog.ts';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const deny = (p: unknown) => {
    if (String(p).includes('locked')) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: 'EACCES' });
    }
  };
  const openSync = ((...args: Parameters<typeof fs.openSync>) => {
    deny(args[0]);
    return fs.openSync(...args);
  }) as typeof fs.openSync;
  const readdirSync = ((...args: Parameters<typeof fs.readdirSync>) => {
    deny(args[0]);
    return fs.readdirSync(...args);
  }) as typeof fs.readdirSync;
  return { ...fs, default: { ...fs, openSync, readdirSync }, openSync, readdirSync };
});

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

describe('unreadable catalog paths', () => {
  it('give findings for a file and a folder, and the rest of the catalog is validated', async () => {
    const dir = await writeCatalog({
      'FC-0101-fine.yaml': caseYaml(makeCase({ id: 'FC-0101' })),
      'FC-0102-locked.yaml': caseYaml(makeCase({ id: 'FC-0102' })),
    });
    temps.push(dir);
    await mkdir(path.join(dir, 'cases', 'locked-folder'));
    await writeFile(
      path.join(dir, 'cases', 'locked-folder', 'FC-0103-x.yaml'),
      caseYaml(makeCase({ id: 'FC-0103' })),
    );
    const result = await validateCatalog(dir, fsReader);
    expect(relativeFindings(result.findings, dir).map(({ file, rule }) => `${file} ${rule}`)).toEqual([
      'cases/FC-0102-locked.yaml unreadable-file',
      'cases/locked-folder unreadable-file',
    ]);
    expect(result.findings[0]!.message).toBe('The file cannot be read (EACCES).');
    expect(result.findings[1]!.message).toBe('The folder cannot be read (EACCES).');
    expect(result.caseCount).toBe(1);
  });

  it('give a finding for an unreadable cases folder, not an abort', async () => {
    const dir = await writeCatalog({});
    temps.push(dir);
    const locked = path.join(dir, 'locked-cases');
    await mkdir(locked);
    const result = await validateCatalog(dir, {
      ...fsReader,
      list: (folder) => fsReader.list(folder.replace(/cases$/, 'locked-cases')),
    });
    expect(relativeFindings(result.findings, dir).map(({ file, rule }) => `${file} ${rule}`)).toEqual([
      'locked-cases unreadable-file',
    ]);
  });
});
