/**
 * `control-character`: no text of a case or configuration file holds a character an output cannot carry (a
 * control character or noncharacter written as a YAML escape, a lone surrogate): the
 * Atom feed would not be well-formed XML, the CSV would carry raw control bytes, and the
 * search indexer would fail without naming the case.
 */
import type { PendingFinding } from '../model/findings.ts';
import { allStrings, type Path } from '../model/paths.ts';
import { unsafeCharacter } from '../model/text.ts';

const HINT =
  'Remove it. Write a line break as a real line (a `|` block in YAML), and never paste binary or terminal output into a catalog file.';

/** Parsed documents are at most 64 deep (core/parse/source.ts); this only bounds the recursion. */
const MAX_DEPTH = 100;

/**
 * The findings about every key and string of a parsed file, and of a Markdown body line
 * by line (body lines numbered from `bodyLine`).
 */
export function characterFindings(file: string, data: unknown, body = '', bodyLine = 1): PendingFinding[] {
  const findings: PendingFinding[] = [];
  const add = (path: Path, message: string, extra: Partial<PendingFinding> = {}) =>
    findings.push({
      file,
      path,
      rule: 'control-character',
      severity: 'error',
      message,
      hint: HINT,
      ...extra,
    });
  const input = { data, body, bodyLine };
  // Each string and key ends in `\n`, so no lone surrogate pairs with its neighbour.
  // Every key and string (allStrings, shared with the other rules' first look): one regex
  // test clears most cases.
  if (!unsafeCharacter(`${allStrings(input.data)}${input.body.replace(/\r\n/g, '\n')}`)) return findings;
  const visit = (value: unknown, path: Path, depth: number) => {
    if (typeof value === 'string') {
      const bad = unsafeCharacter(value);
      if (bad) {
        add(path, `\`${where(path)}\` holds the character ${bad.code}, which no output can carry.`);
      }
      return;
    }
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i], depth + 1));
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      const bad = unsafeCharacter(key);
      if (bad) {
        add(
          [...path, key],
          `A key in \`${where(path)}\` holds the character ${bad.code}, which no output can carry.`,
          {
            atKey: true,
          },
        );
      } else visit(v, [...path, key], depth + 1);
    }
  };
  visit(input.data, [], 0);
  if (input.body === '') return findings;
  const lines = input.body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // A CRLF line end is a line end, not a control character.
    const bad = unsafeCharacter(lines[i]!.replace(/\r$/, ''));
    if (bad) {
      add(
        [],
        `Line ${input.bodyLine + i} of the body holds the character ${bad.code}, which no output can carry.`,
        {
          line: input.bodyLine + i,
          column: bad.index + 1,
        },
      );
    }
  }
  return findings;
}

/** A path as the user wrote it: `impact.description`, `timeline[2].event`. */
function where(path: Path): string {
  if (path.length === 0) return 'the case';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
