/**
 * `secret`, `personal-data` and `blameless`: the scan of every string of a case and of its
 * Markdown body for credentials, personal data a public build would show, and blame.
 */
import type { CaseRule } from './types.ts';
import type { Path } from '../../model/paths.ts';
import { allStrings, walkStrings } from '../../model/paths.ts';
import type { FailureCase } from '../../model/schema-types.ts';
import { compilePrefilter } from './prefilter.ts';
import { BLAME, NOT_NAMES, SENSITIVE, type BlamePattern, type SensitivePattern } from './text-patterns.ts';

/** The patterns a text rule scans for. */
export interface TextPatterns {
  sensitive: readonly SensitivePattern[];
  blame: readonly BlamePattern[];
}

const BLAME_HINT =
  'Describe what in the system or process allowed the failure (a missing check, an unclear runbook), not who: postmortems here are blameless.';

/**
 * The words that name a case's own system (model, components, data sources and features,
 * split at `-`, `_`, `.` and spaces, lower case): "the Ranker's error" is about the
 * `ranker` component, not a person.
 */
function systemNames(data: FailureCase): Set<string> {
  const names = new Set<string>();
  const parts = [
    data.system?.model,
    ...(data.system?.components ?? []),
    ...(data.data?.sources ?? []),
    ...(data.data?.features ?? []),
  ];
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    for (const word of part.toLowerCase().split(/[-_.\s/]+/)) if (word) names.add(word);
  }
  return names;
}

/** The text rule for a set of patterns: the catalog's is `checkText`. */
export function createTextRule({ sensitive, blame }: TextPatterns): CaseRule {
  const mayMatch = compilePrefilter([...sensitive, ...blame].map((p) => p.re));
  return (input, _ctx, add) => {
    const data = input.data;
    // `detected_by` credits whoever found the failure (a person, a company, a product):
    // a credit is not blame, so it is not checked for blame; its text is scanned below.
    // Most cases match no pattern anywhere: one look at all their text spares them the
    // positioned scan (every pattern on every string and line).
    if (!mayMatch(allStrings(data) + input.body)) return;
    const publicCase = (data.visibility ?? 'internal') === 'public';
    const redacted = (data.redact ?? []).map((r) => r.split('.'));
    let ownNames: Set<string> | undefined;
    const notAPerson = (name: string) => {
      const first = name.split(' ')[0]!.toLowerCase();
      return NOT_NAMES.has(first) || (ownNames ??= systemNames(data)).has(first);
    };
    const isShown = (path: Path) => {
      if (!publicCase) return false;
      const keys = path.filter((p): p is string => typeof p === 'string');
      // `x-` keys are never published, at any depth (core/publish/export.ts).
      if (keys.some((k) => k.startsWith('x-'))) return false;
      return !redacted.some((r) => r.every((part, i) => keys[i] === part));
    };
    const scan = (
      text: string,
      path: Path,
      shown: boolean,
      position?: (index: number) => { line: number; column: number },
      // The `redact` entry that hides this text: its field path (array indexes left out,
      // as redaction matches them), or the body section's `narrative.<id>`.
      redactEntry = path.filter((p): p is string => typeof p === 'string').join('.'),
    ) => {
      for (const pattern of sensitive) {
        if (pattern.rule === 'personal-data' && !shown) continue;
        pattern.re.lastIndex = 0;
        for (let m = pattern.re.exec(text); m; m = pattern.re.exec(text)) {
          if (pattern.keep && !pattern.keep(m[0])) continue;
          add(
            pattern.rule,
            path,
            pattern.rule === 'secret'
              ? `The case contains what looks like ${pattern.name}.`
              : `A field a public build shows contains ${pattern.name}.`,
            pattern.rule === 'secret'
              ? 'Remove it and rotate the credential now: it is in git history. Refer to secrets by name, never by value.'
              : redactEntry
                ? `Remove it, name a team or role instead, or add \`${redactEntry}\` to the case's \`redact\` list (or set visibility: internal).`
                : 'Remove it, name a team or role instead, or set visibility: internal.',
            position?.(m.index) ?? { needle: m[0] },
          );
          break;
        }
      }
      if (path.some((p) => typeof p === 'string' && p.startsWith('x-'))) return;
      for (const b of blame) {
        b.re.lastIndex = 0;
        for (let m = b.re.exec(text); m; m = b.re.exec(text)) {
          if (b.nameGroup && notAPerson(m[b.nameGroup]!)) continue;
          add('blameless', path, b.message(m), BLAME_HINT, {
            severity: 'warning',
            ...(position?.(m.index) ?? { needle: m[0] }),
          });
          break;
        }
      }
    };
    walkStrings(data, [], (value, path) => scan(value, path, isShown(path)));
    if (input.body === '') return;
    // The body line by line, each line under the section `sectionsOf` found it in (none
    // before the first heading), so `redact: [narrative.<id>]` hides exactly that section.
    const lines = input.body.split('\n');
    const starts = [input.bodyLine, ...input.sections.map((s) => s.line)];
    const ids = ['', ...input.sections.map((s) => s.id)];
    const bodyEnd = input.bodyLine + lines.length;
    for (let k = 0; k < starts.length; k++) {
      const shown = isShown(['narrative', ids[k]!]);
      const end = k + 1 < starts.length ? starts[k + 1]! : bodyEnd;
      for (let lineNo = starts[k]!; lineNo < end; lineNo++) {
        scan(
          lines[lineNo - input.bodyLine]!,
          [],
          shown,
          (index) => ({ line: lineNo, column: index + 1 }),
          ids[k] ? `narrative.${ids[k]}` : '',
        );
      }
    }
  };
}

/** The catalog's text rule, over the patterns of text-patterns.ts. */
export const checkText: CaseRule = createTextRule({ sensitive: SENSITIVE, blame: BLAME });
