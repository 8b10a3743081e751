/**
 * Pure Markdown renderers for the PR comments and job summaries of the action, and the
 * text report of `failcat check`. Every value that comes from a PR body, a manifest or the
 * catalog goes through `escapeText` or `code`, so it can neither inject Markdown or HTML
 * nor @-mention anyone.
 */
import { countFindings, type Finding } from '../model/findings.ts';
import { escapeControl, plural } from '../model/text.ts';
import { describeReason, type RiskLevel } from './assess.ts';
import { caseUrl, type CheckResult } from './result.ts';

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
  return escapeInline(clip(text, max));
}

/** escapeText without cutting or trimming, for pieces of a sentence. */
function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
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

const STATUS_ICONS = { done: '✅', missing: '❌', 'not-applicable': '➖', waived: '🛂' } as const;
const TEST_ICONS = {
  passed: '✅',
  failed: '❌',
  skipped: '⏭️',
  'not-run': '❔',
  'not-checked': '▫️',
} as const;
const WAIVER_ICONS = { active: '✅', expired: '⌛', rejected: '⛔', unused: '➖' } as const;

/** Options of the risk comment. */
export interface RiskCommentOptions {
  /** Commit the check ran on, shown in the footer. */
  sha?: string;
  /** Character budget; above it the comment is cut to its short form. */
  budget?: number;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}

type Result = CheckResult;
type Match = NonNullable<Result['matches']>[number];

function link(text: string, url: string | undefined): string {
  return url && /^https?:\/\//.test(url)
    ? `[${text}](${encodeURI(url).replace(/[()]/g, encodeURIComponent)})`
    : text;
}

/** A case id, linked to its page when the catalog has a site. */
function caseId(result: Result, id: string, bold = false): string {
  const text = bold ? `**${escapeText(id, 40)}**` : escapeText(id, 40);
  return link(text, result.catalog.site_url ? caseUrl(result.catalog.site_url, id) : undefined);
}

/**
 * Words of a failure or step as Markdown: values in backticks become code spans, the rest
 * is escaped, and case ids link to their pages.
 */
function words(result: Result, text: string): string {
  const ids = new Set((result.matches ?? []).map((m) => m.id));
  return text
    .split(/`([^`]*)`/)
    .map((part, i) => {
      if (i % 2 === 1) return code(part, false, 120);
      return part
        .split(/([A-Za-z0-9][\w-]*)/)
        .map((w, j) => (j % 2 === 1 && ids.has(w) ? caseId(result, w) : escapeInline(w)))
        .join('');
    })
    .join('');
}

function headline(result: Result): string {
  if (result.outcome === 'invalid')
    return '### ❌ failcat risk check: the deployment manifest is invalid — check fails';
  const icon = LEVEL_ICONS[result.level!];
  const blocked = result.failures.some((f) => f.kind === 'blocking-item');
  const verdict = blocked ? ' — blocked' : result.failed ? ' — check fails' : '';
  return `### ${icon} failcat risk check: **${result.level}** (score ${num(result.score!)}, fails at ${result.fail_on})${verdict}`;
}

/** The blocking items, said first: they fail the check whatever the score. */
function blockedLines(result: Result): string[] {
  const blocking = result.failures.filter((f) => f.kind === 'blocking-item');
  if (blocking.length === 0) return [];
  return [
    '',
    '> [!CAUTION]',
    `> **Blocked** whatever the score: ${plural(blocking.length, 'blocking checklist item')} missing.`,
    ...blocking.map((f) => `> - ${words(result, f.text)}`),
  ];
}

function intro(result: Result): string[] {
  const matches = result.matches ?? [];
  const required = result.required ?? [];
  const missing = required.filter((r) => r.status === 'missing').length;
  const weak = matches.filter((m) => m.strength === 'weak').length;
  const lines = [
    '',
    `This deployment could repeat **${plural(matches.length, 'past failure')}** from the catalog` +
      (weak > 0 ? ` (${weak === 1 ? 'one of them a weak match' : `${weak} of them weak matches`})` : '') +
      (required.length > 0
        ? `; they require ${plural(required.length, 'checklist item')}, **${missing} missing**.`
        : '.'),
  ];
  return [...lines, ...invalidCatalog(result)];
}

function invalidCatalog(result: Result): string[] {
  const n = result.catalog.invalid;
  if (n === 0) return [];
  return [
    '',
    `> [!WARNING]\n> ${plural(n, 'catalog file')} did not validate and ${n === 1 ? 'was' : 'were'} left out of this check.`,
  ];
}

function failureLines(result: Result): string[] {
  const shown = result.failures.filter((f) => f.kind !== 'blocking-item' && f.kind !== 'invalid-manifest');
  if (shown.length === 0) return [];
  return ['', '#### Why the check fails', '', ...shown.map((f) => `- ${words(result, f.text)}`)];
}

function stepLines(result: Result, limit = Infinity): string[] {
  if (result.next_steps.length === 0) return [];
  const steps = result.next_steps.slice(0, limit);
  const more = result.next_steps.length - steps.length;
  return [
    '',
    '#### Next steps',
    '',
    ...steps.map((s, i) => `${i + 1}. ${words(result, s.text)}`),
    ...(more > 0 ? [`${steps.length + 1}. …and ${plural(more, 'more step')}.`] : []),
  ];
}

function findingLines(result: Result): string[] {
  const findings = result.findings;
  if (findings.length === 0) return [];
  const title =
    result.outcome === 'invalid'
      ? '#### The deployment manifest has problems'
      : "#### Problems with the check's inputs";
  return [
    '',
    title,
    '',
    ...findings.map(
      (f) =>
        `- ${f.severity === 'error' ? '❌' : '⚠️'} ${code(`${f.file}:${f.line}:${f.column}`)} ${escapeText(f.message, 300)} ${escapeText(f.hint, 300)}`,
    ),
  ];
}

function requiredTable(result: Result, limit = Infinity): string[] {
  const required = result.required ?? [];
  if (required.length === 0) return [];
  const rows = required.slice(0, limit).map((r) => {
    const cases = r.cases.map((id) => caseId(result, id)).join(', ');
    const source = {
      'pr-body': 'PR description',
      manifest: 'manifest',
      waiver: 'waiver',
      default: 'not declared',
    }[r.source];
    return `| ${STATUS_ICONS[r.status]} ${r.status} | ${code(r.item, true, 80)} ${escapeText(r.title, 120)} | ${r.blocking ? '⛔ yes' : 'no'} | ${source} | ${cases} |`;
  });
  const more = required.length - rows.length;
  return [
    '',
    '#### Checklist items these failures require',
    '',
    '| Status | Item | Blocking | Stated in | Required by |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...(more > 0 ? ['', `…and ${plural(more, 'more item')}.`] : []),
  ];
}

function waiverTable(result: Result): string[] {
  const waivers = result.waivers ?? [];
  if (waivers.length === 0) return [];
  const days = (d: number) => (d < 0 ? `expired ${-d} d ago` : d === 0 ? 'last day' : `${d} d left`);
  return [
    '',
    '#### Waivers',
    '',
    '| State | Waives | Reason | Approver | Expires | Written in |',
    '| --- | --- | --- | --- | --- | --- |',
    ...waivers.map((w) => {
      const what =
        w.item !== undefined ? `item ${code(w.item, true, 80)}` : `case ${caseId(result, w.case!)}`;
      const state = `${WAIVER_ICONS[w.state]} ${w.state}${w.note ? `: ${escapeText(w.note, 120)}` : ''}`;
      return `| ${state} | ${what} | ${escapeText(w.reason, 200)} | ${escapeText(w.approver, 60)} | ${escapeText(w.expires, 10)} (${days(w.days_left)}) | ${w.source === 'pr-body' ? 'PR description' : 'manifest'} |`;
    }),
  ];
}

function matchItem(result: Result, m: Match): string[] {
  const lines = [
    `- ${caseId(result, m.id, true)} ${escapeText(m.title)} — ${escapeText(m.severity, 20)}, ${escapeText(m.status, 20)}, ${m.waived ? 'waived (+0)' : `+${num(m.contribution.points)}`}`,
  ];
  for (const r of m.reasons.slice(0, 10))
    lines.push(
      `  - ${describeReason({ ...r, ...(r.check ? { check: r.check } : {}) }, (t) => code(t, false, 100))}`,
    );
  if (m.reasons.length > 10) lines.push(`  - …and ${plural(m.reasons.length - 10, 'more reason')}`);
  return lines;
}

function matchList(result: Result): string[] {
  const matches = result.matches ?? [];
  const strong = matches.filter((m) => m.strength === 'strong');
  const weak = matches.filter((m) => m.strength === 'weak');
  const lines: string[] = [];
  if (strong.length > 0) {
    lines.push('', '#### Past failures this deployment could repeat', '');
    for (const m of strong) lines.push(...matchItem(result, m));
  }
  if (weak.length > 0) {
    lines.push(
      '',
      `#### Weak matches: only shared data, features, environment or paths (×${num(result.policy!.weak_match_factor)}, only the safeguards they meet)`,
      '',
    );
    for (const m of weak) lines.push(...matchItem(result, m));
  }
  return lines;
}

function testList(result: Result): string[] {
  const tests = result.regression_tests ?? [];
  if (tests.length === 0) return [];
  const checked = tests.some((t) => t.result !== 'not-checked');
  return [
    '',
    checked ? '#### Regression tests in this PR’s test reports' : '#### Regression tests to run',
    '',
    ...tests.map(
      (t) =>
        `- ${TEST_ICONS[t.result]} ${t.result} ${code(t.id, false, 80)} ${escapeText(t.description)}${t.path ? ` (${code(t.path, false, 150)})` : ''} — from ${caseId(result, t.case)}`,
    ),
  ];
}

function explanation(result: Result): string[] {
  const p = result.policy!;
  const b = result.score_breakdown!;
  const matches = result.matches ?? [];
  const lines = [
    '',
    '<details><summary>How the score is computed</summary>',
    '',
    `Score ${num(result.score!)} = ${num(b.cases)} from matched cases + ${num(b.items)} from missing checklist items${b.tests ? ` + ${num(b.tests)} from regression tests that did not run` : ''}.`,
    '',
    'Each matched case adds its severity weight × status factor × recency × strength (1, or',
    `${num(p.weak_match_factor)} for a weak match), where recency is max(${p.recency_floor}, 0.5^(age in days / ${p.recency_half_life_days})). Each missing item adds ${p.missing_item_points} × (weight × strength of the weightiest case requiring it / ${p.max_weight}).`,
  ];
  if (matches.length > 0) {
    lines.push(
      '',
      '| Case | Weight | × Status | × Recency (age) | × Strength | = Points |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const m of matches) {
      const c = m.contribution;
      const age = c.age_days === undefined ? 'no date' : `${c.age_days} d`;
      lines.push(
        `| ${caseId(result, m.id)} | ${num(c.weight)} (${escapeText(m.severity, 20)}) | ${num(c.status_factor)} (${escapeText(m.status, 20)}) | ${num(c.recency)} (${age}) | ${num(c.strength_factor)} (${m.strength}) | ${num(c.points)}${m.waived ? ' (waived)' : ''} |`,
      );
    }
  }
  const missing = (result.required ?? []).filter((r) => r.points > 0);
  if (missing.length > 0) {
    lines.push('', '| Missing item | Points |', '| --- | --- |');
    for (const r of missing) lines.push(`| ${code(r.item, true, 80)} | ${num(r.points)} |`);
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

function unknownLines(result: Result): string[] {
  const unknown = result.unknown_items ?? [];
  if (unknown.length === 0) return [];
  return [
    '',
    `Not checklist items, ignored: ${unknown
      .slice(0, 20)
      .map((id) => code(id, false, 60))
      .join(', ')}${unknown.length > 20 ? ', …' : ''}.`,
  ];
}

function footer(result: Result, options: RiskCommentOptions): string[] {
  const label = result.catalog.label;
  const parts = [
    label ? `catalog ${code(label, false, 120)}` : undefined,
    result.catalog.site_url ? link('site', result.catalog.site_url) : undefined,
    options.sha ? `commit ${code(options.sha.slice(0, 12), false, 12)}` : undefined,
  ].filter(Boolean);
  return ['', `<sub>failcat${parts.length ? ` · ${parts.join(' · ')}` : ''}</sub>`];
}

/** Whether nothing in the result needs a comment: no match, no problem with the inputs. */
export function isClean(result: Result): boolean {
  return result.outcome === 'passed' && (result.matches ?? []).length === 0 && result.findings.length === 0;
}

/**
 * The risk report as Markdown (the PR comment without its marker, the job summary, and
 * `failcat check --format markdown`). Cut to a short form when it would exceed the budget.
 */
export function renderRiskMarkdown(result: Result, options: RiskCommentOptions = {}): string {
  if (result.outcome === 'invalid')
    return (
      [headline(result), ...findingLines(result), ...stepLines(result), ...footer(result, options)].join(
        '\n',
      ) + '\n'
    );
  if (isClean(result)) return renderNoMatch(result, options);
  const budget = options.budget ?? COMMENT_BUDGET;
  const full = [
    headline(result),
    ...blockedLines(result),
    ...intro(result),
    ...failureLines(result),
    ...stepLines(result),
    ...findingLines(result),
    ...requiredTable(result),
    ...waiverTable(result),
    ...matchList(result),
    ...testList(result),
    ...unknownLines(result),
    ...explanation(result),
    ...footer(result, options),
  ].join('\n');
  if (full.length <= budget) return full + '\n';
  return renderShort(result, options, budget);
}

/** The short form: the verdict, the steps, missing items, the most weighty cases, no reasons. */
function renderShort(result: Result, options: RiskCommentOptions, budget: number): string {
  const head = [
    headline(result),
    ...blockedLines(result),
    ...intro(result),
    '',
    '> [!NOTE]',
    '> The full report is too long for a comment: this is its short form. The job summary of the check run has every case, reason and test.',
    ...failureLines(result),
    ...stepLines(result, 3),
  ];
  const tail = footer(result, options);
  const lines = [...head];
  let size = lines.join('\n').length + tail.join('\n').length + 200;
  const add = (line: string) => {
    if (size + line.length + 1 > budget) return false;
    lines.push(line);
    size += line.length + 1;
    return true;
  };
  const missing = (result.required ?? []).filter((r) => r.status === 'missing');
  if (missing.length > 0) {
    add('');
    add(`#### Missing checklist items (${missing.length})`);
    add('');
    let shown = 0;
    for (const r of missing) {
      if (
        !add(
          `- ${r.blocking ? '⛔ ' : ''}${code(r.item, false, 80)} ${escapeText(r.title, 80)} — required by ${r.cases
            .slice(0, 5)
            .map((id) => caseId(result, id))
            .join(', ')}${r.cases.length > 5 ? ', …' : ''}`,
        )
      )
        break;
      shown++;
    }
    if (shown < missing.length) lines.push(`- …and ${plural(missing.length - shown, 'more item')}`);
  }
  const matches = result.matches ?? [];
  add('');
  add(`#### Past failures with the most weight (${matches.length} in all)`);
  add('');
  let shown = 0;
  for (const m of matches) {
    if (
      !add(
        `- ${caseId(result, m.id, true)} ${escapeText(m.title, 100)} — ${escapeText(m.severity, 20)}, ${m.strength}, +${num(m.contribution.points)}`,
      )
    )
      break;
    shown++;
  }
  if (shown < matches.length) lines.push(`- …and ${plural(matches.length - shown, 'more case')}`);
  return [...lines, ...tail].join('\n') + '\n';
}

/** What replaces the comment when nothing in the catalog matches the deployment. */
export function renderNoMatch(result: Result, options: RiskCommentOptions = {}): string {
  return (
    [
      '### ✅ failcat risk check: no known failures match',
      '',
      `No case in the catalog (${plural(result.catalog.cases, 'case')} checked) matches this deployment's model, data sources, features, environment or changed paths.`,
      ...invalidCatalog(result),
      ...unknownLines(result),
      ...footer(result, options),
    ].join('\n') + '\n'
  );
}

/** The sticky risk comment: marker first, so later runs find and update it. */
export function renderRiskComment(result: Result, options: RiskCommentOptions = {}): string {
  return `${RISK_MARKER}\n${renderRiskMarkdown(result, options)}`;
}

/** The risk report as plain text for a terminal: the same facts and steps as the Markdown. */
export function renderRiskText(result: Result): string {
  const lines: string[] = [];
  const findings = result.findings.map(
    (f) => `  ${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} ${f.hint} [${f.rule}]`,
  );
  const steps = result.next_steps.map((s, i) => `  ${i + 1}. ${s.text}`);
  if (result.outcome === 'invalid') {
    lines.push(`${result.failures[0]!.text} — FAILED`, '', 'Problems:', ...findings);
    lines.push('', 'Next steps:', ...steps);
    return lines.join('\n') + '\n';
  }
  lines.push(
    `Risk: ${result.level} (score ${num(result.score!)}, fails at ${result.fail_on})${result.failed ? ' — FAILED' : ''}`,
  );
  if (result.failures.length > 0)
    lines.push('', 'Why it fails:', ...result.failures.map((f) => `  - ${f.text}`));
  if (steps.length > 0) lines.push('', 'Next steps:', ...steps);
  if (result.catalog.invalid > 0)
    lines.push('', `Note: ${plural(result.catalog.invalid, 'invalid catalog file')} left out.`);
  if (findings.length > 0) lines.push('', "Problems with the check's inputs:", ...findings);
  const matches = result.matches ?? [];
  const url = (m: Match) => (m.url ? ` ${m.url}` : '');
  const matchLines = (m: Match) => {
    const c = m.contribution;
    return [
      `  ${m.id} ${clip(m.title)} [${m.severity}, ${m.status}] ${m.waived ? 'waived, +0' : `+${num(c.points)} = ${num(c.weight)} × ${num(c.status_factor)} × ${num(c.recency)} × ${num(c.strength_factor)}`}${url(m)}`,
      ...m.reasons.map((r) => `    - ${r.text}`),
    ];
  };
  if (matches.length === 0)
    lines.push('', `No known failures match (${plural(result.catalog.cases, 'case')} checked).`);
  const strong = matches.filter((m) => m.strength === 'strong');
  const weak = matches.filter((m) => m.strength === 'weak');
  if (strong.length > 0) lines.push('', `Matched cases (${strong.length}):`, ...strong.flatMap(matchLines));
  if (weak.length > 0)
    lines.push(
      '',
      `Weak matches (${weak.length}; ×${num(result.policy!.weak_match_factor)}, only the safeguards they meet):`,
      ...weak.flatMap(matchLines),
    );
  const required = result.required ?? [];
  if (required.length > 0) {
    lines.push('', 'Required checklist items:');
    for (const r of required) {
      const box = { done: 'x', missing: ' ', 'not-applicable': '-', waived: 'w' }[r.status];
      lines.push(
        `  [${box}] ${r.item} (${r.status}${r.blocking ? ', blocking' : ''}${r.points ? `, +${num(r.points)}` : ''}) required by ${r.cases.join(', ')}`,
      );
    }
  }
  const waivers = result.waivers ?? [];
  if (waivers.length > 0) {
    lines.push('', 'Waivers:');
    for (const w of waivers)
      lines.push(
        `  ${w.state}: ${w.item !== undefined ? `item ${w.item}` : `case ${w.case}`} until ${w.expires} (${w.days_left} days left), approved by ${w.approver}, ${w.source}: ${clip(w.reason)}${w.note ? ` (${w.note})` : ''}`,
      );
  }
  const tests = result.regression_tests ?? [];
  if (tests.length > 0) {
    lines.push(
      '',
      tests.some((t) => t.result !== 'not-checked') ? 'Regression tests:' : 'Regression tests to run:',
    );
    for (const t of tests)
      lines.push(`  ${t.result}: ${t.id}${t.path ? ` (${t.path})` : ''}: ${clip(t.description)} [${t.case}]`);
  }
  const unknown = result.unknown_items ?? [];
  if (unknown.length > 0) lines.push('', `Not checklist items, ignored: ${unknown.join(', ')}`);
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
