/**
 * Renderers over a list of findings: text for people, JSON for tools, GitHub workflow
 * commands, and SARIF for code scanning. Pure functions from data to a string.
 */
import { countFindings, findingForJson, type Finding } from '../model/findings.ts';
import { RULES } from '../model/rules.ts';
import { escapeControl, plural } from '../model/text.ts';

/** The summary figures every renderer reports. */
export interface ValidationSummary {
  files: number;
  cases: number;
  findings: Finding[];
}

/** The output formats of `failcat validate`. */
export const FINDING_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

/** Renders findings in one of the output formats. */
export function renderFindings(
  summary: ValidationSummary,
  format: FindingFormat,
  options: { color?: boolean; sarif?: SarifOptions } = {},
): string {
  switch (format) {
    case 'json':
      return renderJson(summary);
    case 'github':
      return renderGithub(summary);
    case 'sarif':
      return renderSarif(summary, options.sarif);
    default:
      return renderText(summary, options.color ?? false);
  }
}

/** The JSON form: `{ok, files, cases, errors, warnings, findings}`. */
export function renderJson({ files, cases, findings }: ValidationSummary): string {
  const { errors, warnings } = countFindings(findings);
  const ordered = findings.map(findingForJson);
  return (
    JSON.stringify({ ok: errors === 0, files, cases, errors, warnings, findings: ordered }, null, 2) + '\n'
  );
}

const STYLE = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  green: '\u001b[32m',
  reset: '\u001b[0m',
};

/**
 * Compiler-style text: `file:line:column  error  message  [rule]`, then the hint. File
 * names, messages and hints quote the catalog, so their control characters are escaped:
 * no value can start a line of its own (`::error::` in a CI log) or drive the terminal.
 */
export function renderText({ files, cases, findings }: ValidationSummary, color: boolean): string {
  const paint = (style: keyof typeof STYLE, text: string) =>
    color ? STYLE[style] + text + STYLE.reset : text;
  const lines: string[] = [];
  for (const f of findings) {
    const level = f.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    const file = escapeControl(f.file);
    lines.push(
      `${paint('bold', `${file}:${f.line}:${f.column}`)}  ${level}  ${escapeControl(f.message)}  ${paint('dim', `[${f.rule}]`)}`,
    );
    lines.push(`    ${paint('dim', 'hint:')} ${escapeControl(f.hint)}`);
  }
  const { errors, warnings } = countFindings(findings);
  if (lines.length > 0) lines.push('');
  const grouped = { grouped: true };
  const tally = `${plural(files, 'file', grouped)}, ${plural(cases, 'case', grouped)}: ${plural(errors, 'error', grouped)}, ${plural(warnings, 'warning', grouped)}`;
  lines.push(errors > 0 ? paint('red', `✖ ${tally}`) : paint('green', `✔ ${tally}`));
  return lines.join('\n') + '\n';
}

/** Escapes data for a workflow command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub workflow commands (`::error file=...,line=...::message`), one per finding. */
export function renderGithub({ findings }: ValidationSummary): string {
  return findings
    .map((f) => {
      const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`failcat ${f.rule}`)}`;
      return `::${f.severity} ${props}::${escapeData(`${f.message}\nHint: ${f.hint}`)}`;
    })
    .join('\n')
    .concat(findings.length > 0 ? '\n' : '');
}

/** Where SARIF places files: both absolute, `/`-separated (`C:/...` on Windows). */
export interface SarifOptions {
  /** The folder findings' relative paths are relative to (the current folder). */
  cwd?: string;
  /** The source root (the repository's, else the current folder): `%SRCROOT%`. */
  root?: string;
}

/** Rules whose finding is about a file that does not exist: such a result has no location. */
const MISSING_FILE_RULES = new Set<string>(['config-missing', 'deploy-missing']);

/** Resolves `.` and `..` segments of a `/`-separated absolute path. */
function normalize(absolute: string): string {
  const out: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  const drive = /^[A-Za-z]:$/.test(out[0] ?? '') ? '' : '/';
  return drive + out.join('/');
}

const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:\//.test(p);

/** A path as URI segments: each percent-encoded (spaces, non-ASCII letters, `#`, `?`, `%`). */
function encodeSegments(p: string): string {
  return p
    .split('/')
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}

/**
 * A finding's file as a SARIF artifact location: relative to `%SRCROOT%` when inside
 * it, else an absolute `file:` URI; always a valid URI reference.
 */
function artifactLocation(file: string, { cwd, root }: SarifOptions): { uri: string; uriBaseId?: string } {
  if (cwd === undefined || root === undefined) {
    return isAbsolute(file)
      ? { uri: `file://${file.startsWith('/') ? '' : '/'}${encodeSegments(file)}` }
      : { uri: encodeSegments(file), uriBaseId: '%SRCROOT%' };
  }
  const absolute = normalize(isAbsolute(file) ? file : `${cwd}/${file}`);
  const base = normalize(root);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  if (absolute.startsWith(prefix))
    return { uri: encodeSegments(absolute.slice(prefix.length)), uriBaseId: '%SRCROOT%' };
  return { uri: `file://${absolute.startsWith('/') ? '' : '/'}${encodeSegments(absolute)}` };
}

/**
 * SARIF 2.1.0 for code scanning, valid against the OASIS schema: file URIs relative to
 * `%SRCROOT%` (so GitHub maps them from any folder the command ran in), columns in
 * UTF-16 code units, and no location for a file that does not exist.
 */
export function renderSarif({ findings }: ValidationSummary, options: SarifOptions = {}): string {
  const used = [...new Set(findings.map((f) => f.rule))].sort();
  const root = options.root === undefined ? undefined : normalize(options.root);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'failcat',
            informationUri: 'https://github.com/failcat/failcat',
            rules: used.map((id) => ({ id, shortDescription: { text: RULES[id].description } })),
          },
        },
        ...(root === undefined
          ? {}
          : {
              originalUriBaseIds: {
                '%SRCROOT%': {
                  uri: `file://${root.startsWith('/') ? '' : '/'}${encodeSegments(root)}${root.endsWith('/') ? '' : '/'}`,
                },
              },
            }),
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: used.indexOf(f.rule),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: `${f.message} Hint: ${f.hint}` },
          ...(MISSING_FILE_RULES.has(f.rule)
            ? {}
            : {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: artifactLocation(f.file, options),
                      region: { startLine: f.line, startColumn: f.column },
                    },
                  },
                ],
              }),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
