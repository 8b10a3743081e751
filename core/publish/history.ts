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
  author: string;
  message: string;
}

/** Record and field separators of the log format, unlikely in commit subjects. */
export const LOG_RECORD = '\x1e';
const LOG_FIELD = '\x1f';

/** Arguments for `git log` producing what `parseGitLog` reads; paths come out relative to the cwd. */
export const GIT_LOG_ARGS = [
  'log',
  '--relative',
  '-M',
  '--name-status',
  `--format=${LOG_RECORD}%H${LOG_FIELD}%aI${LOG_FIELD}%an${LOG_FIELD}%s`,
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
  for (const record of output.split(LOG_RECORD)) {
    if (!record.trim()) continue;
    const [header = '', ...lines] = record.split('\n');
    const [commit, date, author, message] = header.split(LOG_FIELD);
    if (!commit || !date) continue;
    const entry: HistoryEntry = { commit, date, author: author ?? '', message: message ?? '' };
    for (const line of lines) {
      if (!line.trim()) continue;
      const [status = '', first = '', second] = line.split('\t');
      if (status.startsWith('R') && second !== undefined) {
        const now = currentName.get(second) ?? second;
        add(now, entry);
        currentName.set(first, now);
      } else if (first) {
        add(currentName.get(first) ?? first, entry);
      }
    }
  }
  return byFile;
}
