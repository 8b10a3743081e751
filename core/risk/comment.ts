/**
 * Pure Markdown renderers for the PR comments and job summaries of the action, and the
 * text report of `failcat check`. Every value that comes from a PR body, a manifest or the
 * catalog goes through `escapeText` or `code`, so it can neither inject Markdown or HTML
 * nor @-mention anyone.
 */
import { countFindings, type Finding } from '../model/findings.ts';
import { escapeControl, plural } from '../model/text.ts';
import { describeReason, type CaseMatch, type RiskResult, type RiskLevel } from './assess.ts';

/** Hidden marker that identifies the risk comment among a PR's comments. */
export const RISK_MARKER = '<!-- failcat:risk -->';
/** Hidden marker of the comment on catalog PRs. */
export const VALIDATE_MARKER = '<!-- failcat:validate -->';
/** GitHub refuses comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Comments are cut to their short form above this, leaving room for the marker and notes. */
export const COMMENT_BUDGET = 60_000;
/** Longest value shown in full; longer ones are cut with an ellipsis. */
const MAX_VALUE = 200;

const ZWJ = '\u200d';

function clip(text: string, max = MAX_VALUE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Text safe to place in Markdown: on one line, HTML characters as entities, Markdown
 * punctuation backslash-escaped, and a zero-width joiner after every `@` (so no mention
 * or team notification fires) and inside `://` and `www.` (so no bare URL becomes a link).
 */
export function escapeText(text: string, max = MAX_VALUE): string {
  return clip(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~()!#])/g, '\\$1')
    .replace(/@/g, `@${ZWJ}`)
    .replace(/:\/\//g, `:${ZWJ}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWJ}.`);
}

/**
 * An inline code span holding the text literally: the fence is longer than any run of
 * backticks inside. In a table cell `|` is escaped too (GFM splits cells before code spans).
 */
export function code(text: string, inTable = false, max = MAX_VALUE): string {
  let value = clip(text, max);
  if (inTable) value = value.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || value === '' ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

const LEVEL_ICONS: Record<RiskLevel, string> = {
  none: '✅',
  low: '🟢',
  medium: '🟡',
  high: '🟠',
  critical: '🔴',
};

const STATUS_ICONS = { done: '✅', missing: '❌', 'not-applicable': '➖' } as const;

/** Options of the risk comment. */
export interface RiskCommentOptions {
  /** URL of a case page, when the catalog is published; cases are plain ids otherwise. */
  caseUrl?: (match: CaseMatch) => string | undefined;
  /** Commit the check ran on, shown in the footer. */
  sha?: string;
  /** Where the catalog came from, shown in the footer. */
  catalogLabel?: string;
  /** Character budget; above it the comment is cut to its short form. */
  budget?: number;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}

function caseRef(m: CaseMatch, options: RiskCommentOptions): string {
  const url = options.caseUrl?.(m);
  const id = escapeText(m.id, 40);
  return url && /^https?:\/\//.test(url)
    ? `[**${id}**](${encodeURI(url).replace(/[()]/g, encodeURIComponent)})`
    : `**${id}**`;
}

function headline(result: RiskResult): string {
  const broken = result.findings.some((f) => f.severity === 'error');
  const icon = broken ? '❌' : LEVEL_ICONS[result.level];
  const verdict = broken
    ? ' — check fails: the deployment manifest is invalid'
    : result.failed
      ? ' — check fails'
      : '';
  return `### ${icon} failcat risk check: **${result.level}** (score ${num(result.score)}, fails at ${result.failOn})${verdict}`;
}

function intro(result: RiskResult): string[] {
  const missing = result.required.filter((r) => r.status === 'missing').length;
  const lines = [
    `This deployment could repeat **${plural(result.matches.length, 'past failure')}** from the catalog` +
      (result.required.length > 0
        ? `; they require ${plural(result.required.length, 'checklist item')}, **${missing} missing**.`
        : '.'),
  ];
  if (result.catalog.invalid > 0) {
    lines.push(
      '',
      `> [!WARNING]\n> ${plural(result.catalog.invalid, 'catalog file')} did not validate and ${result.catalog.invalid === 1 ? 'was' : 'were'} left out of this check.`,
    );
  }
  return lines;
}

function findingLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const broken = findings.some((f) => f.severity === 'error');
  return [
    '',
    '#### The deployment manifest has problems',
    '',
    ...(broken
      ? ['The manifest could not be read, so only the changed paths were matched. Fix it and push again.', '']
      : []),
    ...findings.map(
      (f) =>
        `- ${f.severity === 'error' ? '❌' : '⚠️'} ${code(`${f.file}:${f.line}:${f.column}`)} ${escapeText(f.message, 300)} ${escapeText(f.hint, 300)}`,
    ),
  ];
}

function requiredTable(result: RiskResult, limit = Infinity): string[] {
  if (result.required.length === 0) return [];
  const rows = result.required.slice(0, limit).map((r) => {
    const cases = r.cases.map((id) => escapeText(id, 40)).join(', ');
    const source =
      r.source === 'pr-body' ? 'PR description' : r.source === 'manifest' ? 'manifest' : 'not declared';
    return `| ${STATUS_ICONS[r.status]} ${r.status} | ${code(r.check, true, 80)} ${escapeText(r.title, 120)} | ${source} | ${cases} |`;
  });
  const more = result.required.length - rows.length;
  return [
    '',
    '#### Checklist items these failures require',
    '',
    '| Status | Item | Stated in | Required by |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...(more > 0 ? ['', `…and ${plural(more, 'more item')}.`] : []),
    '',
    'Tick an item in the PR description when it is done (`- [x] item-id`), or set it in the deployment manifest.',
  ];
}

function matchList(result: RiskResult, options: RiskCommentOptions): string[] {
  if (result.matches.length === 0) return [];
  const lines = ['', '#### Past failures this deployment could repeat', ''];
  for (const m of result.matches) {
    lines.push(
      `- ${caseRef(m, options)} ${escapeText(m.title)} — ${escapeText(m.severity, 20)}, ${escapeText(m.status, 20)}, +${num(m.contribution.points)}`,
    );
    for (const r of m.reasons.slice(0, 10))
      lines.push(`  - ${describeReason(r, (t) => code(t, false, 100))}`);
    if (m.reasons.length > 10) lines.push(`  - …and ${plural(m.reasons.length - 10, 'more reason')}`);
  }
  return lines;
}

function testList(result: RiskResult): string[] {
  if (result.regressionTests.length === 0) return [];
  return [
    '',
    '#### Regression tests to run',
    '',
    ...result.regressionTests.map(
      (t) =>
        `- ${code(t.id, false, 80)} ${escapeText(t.description)}${t.path ? ` (${code(t.path, false, 150)})` : ''} — from ${escapeText(t.case, 40)}`,
    ),
  ];
}

function explanation(result: RiskResult): string[] {
  const p = result.policy;
  const fromCases = result.matches.reduce((s, m) => s + m.contribution.points, 0);
  const fromItems = result.required.reduce((s, r) => s + r.points, 0);
  const lines = [
    '',
    '<details><summary>How the score is computed</summary>',
    '',
    `Score ${num(result.score)} = ${num(Math.round(fromCases * 100) / 100)} from matched cases + ${num(Math.round(fromItems * 100) / 100)} from missing checklist items.`,
    '',
    'Each matched case adds its severity weight × status factor × recency, where recency is',
    `max(${p.recencyFloor}, 0.5^(age in days / ${p.halfLifeDays})). Each missing item adds ${p.missingItemPoints} × (weight of the most severe case requiring it / ${p.maxWeight}).`,
  ];
  if (result.matches.length > 0) {
    lines.push(
      '',
      '| Case | Weight | × Status | × Recency (age) | = Points |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const m of result.matches) {
      const c = m.contribution;
      const age = c.ageDays === undefined ? 'no date' : `${c.ageDays} d`;
      lines.push(
        `| ${escapeText(m.id, 40)} | ${num(c.weight)} (${escapeText(m.severity, 20)}) | ${num(c.statusFactor)} (${escapeText(m.status, 20)}) | ${num(Math.round(c.recency * 100) / 100)} (${age}) | ${num(c.points)} |`,
      );
    }
  }
  const missing = result.required.filter((r) => r.points > 0);
  if (missing.length > 0) {
    lines.push('', '| Missing item | Points |', '| --- | --- |');
    for (const r of missing) lines.push(`| ${code(r.check, true, 80)} | ${num(r.points)} |`);
  }
  const l = p.levels;
  lines.push(
    '',
    `Levels: low from ${l.low}, medium from ${l.medium}, high from ${l.high}, critical from ${l.critical}. The policy is \`risk\` in the catalog's policy.yaml.`,
    '',
    '</details>',
  );
  return lines;
}

function unknownLines(result: RiskResult): string[] {
  if (result.unknownItems.length === 0) return [];
  return [
    '',
    `Not checklist items, ignored: ${result.unknownItems
      .slice(0, 20)
      .map((id) => code(id, false, 60))
      .join(', ')}${result.unknownItems.length > 20 ? ', …' : ''}.`,
  ];
}

function footer(options: RiskCommentOptions): string[] {
  const parts = [
    options.catalogLabel ? `catalog ${code(options.catalogLabel, false, 120)}` : undefined,
    options.sha ? `commit ${code(options.sha.slice(0, 12), false, 12)}` : undefined,
  ].filter(Boolean);
  return ['', `<sub>failcat${parts.length ? ` · ${parts.join(' · ')}` : ''}</sub>`];
}

/**
 * The risk report as Markdown (the PR comment without its marker, the job summary, and
 * `failcat check --format markdown`). Cut to a short form when it would exceed the budget.
 */
export function renderRiskMarkdown(result: RiskResult, options: RiskCommentOptions = {}): string {
  if (result.matches.length === 0 && result.findings.length === 0) return renderNoMatch(result, options);
  const budget = options.budget ?? COMMENT_BUDGET;
  const full = [
    headline(result),
    '',
    ...intro(result),
    ...findingLines(result.findings),
    ...requiredTable(result),
    ...matchList(result, options),
    ...testList(result),
    ...unknownLines(result),
    ...explanation(result),
    ...footer(options),
  ].join('\n');
  if (full.length <= budget) return full + '\n';
  return renderShort(result, options, budget);
}

/** The short form: the verdict, missing items first, the most weighty cases, no reasons. */
function renderShort(result: RiskResult, options: RiskCommentOptions, budget: number): string {
  const head = [
    headline(result),
    '',
    ...intro(result),
    '',
    '> [!NOTE]',
    '> The full report is too long for a comment: this is its short form. The job summary of the check run has every case, reason and test.',
    ...findingLines(result.findings.slice(0, 20)),
  ];
  const tail = footer(options);
  const lines = [...head];
  let size = lines.join('\n').length + tail.join('\n').length + 200;
  const add = (line: string) => {
    if (size + line.length + 1 > budget) return false;
    lines.push(line);
    size += line.length + 1;
    return true;
  };
  const missing = result.required.filter((r) => r.status === 'missing');
  if (missing.length > 0) {
    add('');
    add(`#### Missing checklist items (${missing.length})`);
    add('');
    let shown = 0;
    for (const r of missing) {
      if (
        !add(
          `- ${code(r.check, false, 80)} ${escapeText(r.title, 80)} — required by ${r.cases
            .slice(0, 5)
            .map((id) => escapeText(id, 40))
            .join(', ')}${r.cases.length > 5 ? ', …' : ''}`,
        )
      )
        break;
      shown++;
    }
    if (shown < missing.length) lines.push(`- …and ${plural(missing.length - shown, 'more item')}`);
  }
  add('');
  add(`#### Past failures with the most weight (${result.matches.length} in all)`);
  add('');
  let shown = 0;
  for (const m of result.matches) {
    if (
      !add(
        `- ${caseRef(m, options)} ${escapeText(m.title, 100)} — ${escapeText(m.severity, 20)}, +${num(m.contribution.points)}`,
      )
    )
      break;
    shown++;
  }
  if (shown < result.matches.length)
    lines.push(`- …and ${plural(result.matches.length - shown, 'more case')}`);
  return [...lines, ...tail].join('\n') + '\n';
}

/** What replaces the comment when nothing in the catalog matches the deployment. */
export function renderNoMatch(result: RiskResult, options: RiskCommentOptions = {}): string {
  return (
    [
      '### ✅ failcat risk check: no known failures match',
      '',
      `No case in the catalog (${plural(result.catalog.cases, 'case')} checked) matches this deployment's model, data sources, features, environment or changed paths.`,
      ...(result.catalog.invalid > 0
        ? [
            '',
            `> [!WARNING]\n> ${plural(result.catalog.invalid, 'catalog file')} did not validate and ${result.catalog.invalid === 1 ? 'was' : 'were'} left out of this check.`,
          ]
        : []),
      ...unknownLines(result),
      ...footer(options),
    ].join('\n') + '\n'
  );
}

/** The sticky risk comment: marker first, so later runs find and update it. */
export function renderRiskComment(result: RiskResult, options: RiskCommentOptions = {}): string {
  return `${RISK_MARKER}\n${renderRiskMarkdown(result, options)}`;
}

/** The risk report as plain text for a terminal. */
export function renderRiskText(result: RiskResult): string {
  const lines = [
    `Risk: ${result.level} (score ${num(result.score)}, fails at ${result.failOn})${result.failed ? ' — FAILED' : ''}`,
  ];
  if (result.catalog.invalid > 0)
    lines.push(`Note: ${plural(result.catalog.invalid, 'invalid catalog file')} left out.`);
  for (const f of result.findings)
    lines.push(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} ${f.hint} [${f.rule}]`);
  if (result.matches.length === 0)
    lines.push(`No known failures match (${plural(result.catalog.cases, 'case')} checked).`);
  else {
    lines.push('', `Matched cases (${result.matches.length}):`);
    for (const m of result.matches) {
      const c = m.contribution;
      lines.push(
        `  ${m.id} ${clip(m.title)} [${m.severity}, ${m.status}] +${num(c.points)} = ${num(c.weight)} × ${num(c.statusFactor)} × ${num(Math.round(c.recency * 100) / 100)}`,
      );
      for (const r of m.reasons) lines.push(`    - ${describeReason(r)}`);
    }
  }
  if (result.required.length > 0) {
    lines.push('', 'Required checklist items:');
    for (const r of result.required) {
      lines.push(
        `  [${r.status === 'done' ? 'x' : r.status === 'missing' ? ' ' : '-'}] ${r.check} (${r.status}${r.points ? `, +${num(r.points)}` : ''}) required by ${r.cases.join(', ')}`,
      );
    }
  }
  if (result.regressionTests.length > 0) {
    lines.push('', 'Regression tests to run:');
    for (const t of result.regressionTests)
      lines.push(`  ${t.id}${t.path ? ` (${t.path})` : ''}: ${clip(t.description)} [${t.case}]`);
  }
  if (result.unknownItems.length > 0)
    lines.push('', `Not checklist items, ignored: ${result.unknownItems.join(', ')}`);
  // Values from the manifest, PR and catalog never start a line of their own (`::error::`).
  return lines.map(escapeControl).join('\n') + '\n';
}

/** A changed case as the validation comment lists it. */
export interface ChangedCase {
  file: string;
  id?: string;
  title?: string;
  severity?: string;
}

/** The comment and job summary on a catalog PR: the changed cases, their findings, near-duplicates. */
export function renderValidationMarkdown(
  cases: readonly ChangedCase[],
  findings: readonly Finding[],
): string {
  const { errors, warnings } = countFindings(findings);
  const icon = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const lines = [
    `### ${icon} failcat: ${plural(cases.length, 'changed case')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
    '',
  ];
  // Each part gets a share of the budget, so a huge PR still shows some of everything.
  const share = Math.floor(COMMENT_BUDGET / 3);
  const addWithin = <T>(items: readonly T[], render: (item: T) => string, more: (n: number) => string) => {
    let size = 0;
    let shown = 0;
    for (const item of items) {
      const line = render(item);
      if (size + line.length + 1 > share) break;
      lines.push(line);
      size += line.length + 1;
      shown++;
    }
    if (shown < items.length) lines.push('', more(items.length - shown));
  };
  if (cases.length > 0) {
    lines.push('| Case | Severity | File | Findings |', '| --- | --- | --- | --- |');
    addWithin(
      cases,
      (c) => {
        const counts = countFindings(findings.filter((f) => f.file === c.file));
        const label = c.id ? `**${escapeText(c.id, 40)}** ${escapeText(c.title ?? '', 120)}` : '(unreadable)';
        const marks = [
          counts.errors ? `❌ ${counts.errors}` : '',
          counts.warnings ? `⚠️ ${counts.warnings}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        return `| ${label} | ${escapeText(c.severity ?? '—', 20)} | ${code(c.file, true, 150)} | ${marks || '✅'} |`;
      },
      (n) => `…and ${plural(n, 'more changed case')}.`,
    );
  }
  const near = findings.filter((f) => f.rule === 'near-duplicate');
  if (near.length > 0) {
    lines.push('', '#### Possible duplicates', '');
    addWithin(
      near,
      (f) => `- ${code(f.file, false, 150)}: ${escapeText(f.message, 300)}`,
      (n) => `…and ${plural(n, 'more possible duplicate')}.`,
    );
  }
  const rest = findings.filter((f) => f.rule !== 'near-duplicate');
  if (rest.length > 0) {
    lines.push('', '#### Findings', '');
    addWithin(
      rest,
      (f) =>
        `- ${f.severity === 'error' ? '❌' : '⚠️'} ${code(`${f.file}:${f.line}:${f.column}`, false, 200)} ${escapeText(f.message, 300)} ${escapeText(f.hint, 300)} (${code(f.rule, false, 40)})`,
      (n) => `…and ${plural(n, 'more finding')}; the annotations of the check run list all.`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The sticky validation comment, marker first. */
export function renderValidationComment(cases: readonly ChangedCase[], findings: readonly Finding[]): string {
  return `${VALIDATE_MARKER}\n${renderValidationMarkdown(cases, findings)}`;
}
