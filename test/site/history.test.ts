import { describe, expect, it } from 'vitest';
import { LOG_RECORD, parseGitLog } from '../../core/publish/history.ts';

const F = '\x1f';
function commit(hash: string, date: string, author: string, message: string, files: string[]): string {
  return `${LOG_RECORD}${hash}${F}${date}${F}${author}${F}${message}\n\n${files.join('\n')}\n`;
}

describe('parseGitLog', () => {
  it('buckets commits by file, newest first', () => {
    const log =
      commit('c3', '2025-03-01T00:00:00Z', 'Ann', 'edit one', ['M\tFC-0001-a.md']) +
      commit('c2', '2025-02-01T00:00:00Z', 'Bo', 'add two', ['A\tFC-0002-b.yaml']) +
      commit('c1', '2025-01-01T00:00:00Z', 'Ann', 'add one', ['A\tFC-0001-a.md']);
    const history = parseGitLog(log);
    expect(history.get('FC-0001-a.md')!.map((h) => h.commit)).toEqual(['c3', 'c1']);
    expect(history.get('FC-0002-b.yaml')).toEqual([
      { commit: 'c2', date: '2025-02-01T00:00:00Z', author: 'Bo', message: 'add two' },
    ]);
  });

  it('carries the history of a renamed file over to its current name, across several renames', () => {
    const log =
      commit('c3', '2025-03-01T00:00:00Z', 'Ann', 'rename again', ['R100\tFC-0001-b.md\tFC-0001-c.md']) +
      commit('c2', '2025-02-01T00:00:00Z', 'Ann', 'rename', ['R090\tFC-0001-a.md\tFC-0001-b.md']) +
      commit('c1', '2025-01-01T00:00:00Z', 'Ann', 'add', ['A\tFC-0001-a.md']);
    const history = parseGitLog(log);
    expect(history.get('FC-0001-c.md')!.map((h) => h.commit)).toEqual(['c3', 'c2', 'c1']);
    expect(history.has('FC-0001-a.md')).toBe(false);
  });

  it('returns nothing for empty or garbled output', () => {
    expect(parseGitLog('').size).toBe(0);
    expect(parseGitLog('fatal: not a git repository').size).toBe(0);
  });

  it('keeps separators of the message out of the fields', () => {
    const history = parseGitLog(commit('c1', '2025-01-01T00:00:00Z', 'Ann', 'fix: a | b', ['M\tx.md']));
    expect(history.get('x.md')![0]!.message).toBe('fix: a | b');
  });
});
