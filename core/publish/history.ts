/**
 * A case's audit trail from git. The edge runs one `git log` over the whole cases folder
 * (never one per file: 10,000 processes would take minutes); this module turns its
 * output into a history per file, following renames.
 */

/** One commit touching a case file. */
export interface HistoryEntry {
  commit: string;
  /** Author date, ISO 8601. */
  date: string;
  /** '' when the audience may not see it (historyForAudience). */
  author: string;
  /** The subject; '' when the audience may not see it. */
  message: string;
}

/**
 * Arguments for `git log` producing what `parseGitLog` reads; paths come out relative to
 * the cwd. Every field and path ends in NUL (`-z`), which no subject or path can hold,
 * and each commit starts with one, so a crafted subject cannot forge or hide an entry.
 */
export const GIT_LOG_ARGS = [
  'log',
  '--relative',
  '-M',
  '--name-status',
  '-z',
  '--format=%x00%H%x00%aI%x00%an%x00%s',
  '--',
  '.',
];

/**
 * Buckets `git log` output (newest commit first, GIT_LOG_ARGS format) by file. A rename
 * carries the older history of the old path over to the file's current path.
 */
export function parseGitLog(output: string): Map<string, HistoryEntry[]> {
  const byFile = new Map<string, HistoryEntry[]>();
  // Older path → the path the file has now, learned from renames seen in newer commits.
  const currentName = new Map<string, string>();
  const add = (file: string, entry: HistoryEntry) => {
    const list = byFile.get(file);
    if (list) {
      if (list.at(-1)?.commit !== entry.commit) list.push(entry);
    } else byFile.set(file, [entry]);
  };
  // Tokens: '' starts a commit, then hash, date, author, subject; then status and
  // path(s) pairs (two paths for a rename or copy) until the next ''.
  const tokens = output.split('\0');
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i] !== '') {
      i++;
      continue;
    }
    const [commit = '', date = '', author = '', message = ''] = tokens.slice(i + 1, i + 5);
    i += 5;
    const entry: HistoryEntry | undefined =
      /^[0-9a-f]{7,64}$/.test(commit) && date ? { commit, date, author, message } : undefined;
    while (i < tokens.length && tokens[i] !== '') {
      const status = tokens[i]!.trim();
      if (/^[RC]/.test(status)) {
        const [first = '', second = ''] = tokens.slice(i + 1, i + 3);
        i += 3;
        if (!entry || !second) continue;
        if (status.startsWith('R')) {
          const now = currentName.get(second) ?? second;
          add(now, entry);
          currentName.set(first, now);
        } else add(currentName.get(second) ?? second, entry);
      } else {
        const file = tokens[i + 1] ?? '';
        i += 2;
        if (entry && file) add(currentName.get(file) ?? file, entry);
      }
    }
  }
  return byFile;
}

/**
 * The history an audience may see of the files of a build (paths as `parseGitLog` gives
 * them). Internal: all of it. Public: dates and commits only; the subject only of commits
 * that touched nothing but files of the build, never an author (a public catalog names
 * no one), so a commit that also changed an internal case shows nothing of it.
 */
export function historyForAudience(
  history: ReadonlyMap<string, readonly HistoryEntry[]>,
  audience: 'internal' | 'public',
  shownFiles: ReadonlySet<string>,
): Map<string, HistoryEntry[]> {
  const shown = new Map<string, HistoryEntry[]>();
  if (audience === 'internal') {
    for (const file of shownFiles) shown.set(file, [...(history.get(file) ?? [])]);
    return shown;
  }
  const elsewhere = new Set<string>();
  for (const [file, entries] of history) {
    if (!shownFiles.has(file)) for (const e of entries) elsewhere.add(e.commit);
  }
  for (const file of shownFiles) {
    const entries = history.get(file) ?? [];
    shown.set(
      file,
      entries.map((e) => ({
        commit: e.commit,
        date: e.date,
        author: '',
        message: elsewhere.has(e.commit) ? '' : e.message,
      })),
    );
  }
  return shown;
}
