import type { RuleId } from './rules.ts';

/** A problem found in a catalog file. Every renderer (text, JSON, annotations, SARIF) reads this shape. */
export interface Finding {
  /** Path of the file, relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based line of the offending value. */
  line: number;
  /** 1-based column of the offending value. */
  column: number;
  /** Stable rule id from the registry (`schema`, `unique-id`, ...); branch on this, never on the message. */
  rule: RuleId;
  severity: 'error' | 'warning';
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it. */
  hint: string;
}

/** A finding before it has a position: the JSON path of the value it concerns. */
export interface PendingFinding extends Omit<Finding, 'line' | 'column'> {
  /** Path segments of the offending value in the parsed document; [] is the whole document. */
  path: (string | number)[];
  /** When the path names a key rather than its value (unknown or forbidden properties). */
  atKey?: boolean;
  /** Text found inside the value: the finding moves to where it stands in a multi-line value. */
  needle?: string;
  /** A known position that overrides path lookup (parse errors, byte-level problems). */
  line?: number;
  column?: number;
}

/** Sorts findings by file, line, column, then rule, so every output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** Counts errors and warnings. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}

/**
 * A finding as the JSON outputs document it: these keys in this order and nothing else
 * (a fixed key order makes the documented shape exactly what tools read).
 */
export function findingForJson({ file, line, column, rule, severity, message, hint }: Finding) {
  return { file, line, column, rule, severity, message, hint };
}
