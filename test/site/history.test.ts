/** The case history from git: one NUL-separated `git log`, renames, and what an audience sees. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_LOG_ARGS, historyForAudience, parseGitLog } from '../../core/publish/history.ts';
import { makeTemp, removeTemp } from '../helpers/catalog.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

/** A git repository with a cases folder, and a way to commit changes to it. */
async function repository() {
  const dir = await makeTemp('failcat-history-');
  temps.push(dir);
  const cases = path.join(dir, 'cases');
  mkdirSync(cases);
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  git('init', '-q');
  let day = 1;
  const commit = (author: string, subject: string, change: () => void) => {
    change();
    git('add', '-A');
    const date = `2025-01-${String(day++).padStart(2, '0')}T00:00:00+00:00`;
    execFileSync('git', ['-C', dir, 'commit', '-q', '--allow-empty', '-m', subject], {
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: author,
        GIT_AUTHOR_EMAIL: 'a@example.com',
        GIT_COMMITTER_NAME: author,
        GIT_COMMITTER_EMAIL: 'a@example.com',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    });
    return git('rev-parse', 'HEAD').trim();
  };
  const write =
    (file: string, text = file) =>
    () =>
      writeFileSync(path.join(cases, file), text);
  const log = () => parseGitLog(execFileSync('git', ['-C', cases, ...GIT_LOG_ARGS], { encoding: 'utf8' }));
  return { cases, commit, write, log };
}

describe('parseGitLog over real git output', () => {
  it('buckets commits by file, newest first, and follows renames', async () => {
    const { cases, commit, write, log } = await repository();
    const c1 = commit('Ann', 'add one', write('FC-0001-a.md'));
    const c2 = commit('Bo', 'add two', write('FC-0002-b.yaml'));
    const c3 = commit('Ann', 'rename one', () =>
      renameSync(path.join(cases, 'FC-0001-a.md'), path.join(cases, 'FC-0001-c.md')),
    );
    const c4 = commit('Ann', 'fix: a | b', write('FC-0001-c.md', 'changed'));
    const history = log();
    expect(history.get('FC-0001-c.md')!.map((h) => h.commit)).toEqual([c4, c3, c1]);
    expect(history.has('FC-0001-a.md')).toBe(false);
    expect(history.get('FC-0002-b.yaml')).toEqual([
      { commit: c2, date: '2025-01-02T00:00:00+00:00', author: 'Bo', message: 'add two' },
    ]);
    expect(history.get('FC-0001-c.md')![0]!.message).toBe('fix: a | b');
  });

  it('cannot be forged by a subject or file name holding separators (issue 13, item 10)', async () => {
    const { commit, write, log } = await repository();
    const real = commit('Ann', 'add one', write('FC-0001-a.md'));
    // The old format split records at \x1e and fields at \x1f.
    const forged = `x\x1e${'f'.repeat(40)}\x1f2030-01-01T00:00:00Z\x1fMallory\x1fforged\n\nM\tFC-0001-a.md`;
    const crafted = commit('Eve', forged, write('FC-0002-b\x1eM\tFC-0001-a.md', 'x'));
    const history = log();
    expect(history.get('FC-0001-a.md')).toEqual([
      { commit: real, date: '2025-01-01T00:00:00+00:00', author: 'Ann', message: 'add one' },
    ]);
    expect([...history.keys()].sort()).toEqual(['FC-0001-a.md', 'FC-0002-b\x1eM\tFC-0001-a.md']);
    expect(history.get('FC-0002-b\x1eM\tFC-0001-a.md')![0]!.commit).toBe(crafted);
  });

  it('returns nothing for empty or garbled output', () => {
    expect(parseGitLog('').size).toBe(0);
    expect(parseGitLog('fatal: not a git repository').size).toBe(0);
  });
});

describe('historyForAudience (issue 13, item 5)', () => {
  it('shows a public build no author, and no subject of a commit that touched a file outside it', async () => {
    const { cases, commit, write, log } = await repository();
    const both = commit('Ann', 'Add FC-0001 Secret vendor outage', () => {
      write('FC-0001-internal.md')();
      write('FC-0002-public.md')();
    });
    const own = commit('Bo', 'Fix a typo', write('FC-0002-public.md', 'typo fixed'));
    const gone = commit('Cy', 'Add FC-0003 Deleted later', () => {
      write('FC-0002-public.md', 'third')();
      write('FC-0003-deleted.md')();
    });
    commit('Cy', 'Remove FC-0003', () => rmSync(path.join(cases, 'FC-0003-deleted.md')));
    const shown = new Set(['FC-0002-public.md']);
    const history = log();
    const publicView = historyForAudience(history, 'public', shown);
    expect([...publicView.keys()]).toEqual(['FC-0002-public.md']);
    expect(publicView.get('FC-0002-public.md')).toEqual([
      { commit: gone, date: '2025-01-03T00:00:00+00:00', author: '', message: '' },
      { commit: own, date: '2025-01-02T00:00:00+00:00', author: '', message: 'Fix a typo' },
      { commit: both, date: '2025-01-01T00:00:00+00:00', author: '', message: '' },
    ]);
    expect(JSON.stringify([...publicView])).not.toMatch(/Secret|Deleted|Ann|Bo|Cy/);
    const internal = historyForAudience(history, 'internal', shown);
    expect(internal.get('FC-0002-public.md')![2]).toMatchObject({
      author: 'Ann',
      message: 'Add FC-0001 Secret vendor outage',
    });
  });
});
