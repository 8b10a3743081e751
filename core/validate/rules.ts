/**
 * The rules a single case must pass beyond its schema: id and file name, dates, references
 * into the taxonomy, checklist and policy, the severity rubric, what each severity requires,
 * sensitive data, blameless wording and evidence shape. Each rule has a stable id.
 */
import type { RuleContext } from './config.ts';
import type { PendingFinding } from '../model/findings.ts';
import type { FailureCase } from '../model/schema-types.ts';
import type { Section } from '../parse/source.ts';

/** Every rule id a finding can carry, with what it checks (for --help, SARIF and the README). */
export const RULES: Record<string, string> = {
  'file-too-large': 'A catalog file is larger than 1 MiB.',
  encoding: 'A file is not valid UTF-8, or starts with a byte order mark.',
  'empty-file': 'A file is empty.',
  frontmatter: 'A Markdown case lacks its YAML frontmatter, or never closes it.',
  'yaml-syntax': 'A file is not valid YAML.',
  'duplicate-key': 'A key appears twice in one mapping.',
  'too-deep': 'A document is nested too deeply.',
  'too-many-nodes': 'A document expands to too many values (alias bomb).',
  'forbidden-key': 'A key such as __proto__ or constructor is used.',
  'config-missing': 'The catalog lacks taxonomy.yaml, policy.yaml or checklist.yaml.',
  schema: 'A value does not match the JSON Schema.',
  'id-format': "A case id does not use the policy's prefix and width.",
  'unique-id': 'Two cases (or two configuration entries) share an id.',
  'file-name': "A case file's name does not start with its id.",
  'date-invalid': 'A date does not exist in the calendar.',
  'date-order': 'Dates are out of order (occurred, detected, resolved; the timeline).',
  'taxonomy-ref': 'A failure mode, layer, detection method or kind is not in taxonomy.yaml.',
  'checklist-ref': 'A safeguard names a check that is not in checklist.yaml.',
  'severity-ref': 'A severity is not defined in policy.yaml.',
  'case-ref': 'A related, supersedes or duplicate_of id names no case in the catalog.',
  'severity-rubric': "The declared severity is below the floor the impact implies under the policy's rubric.",
  'required-field': 'A field the severity requires is missing or empty.',
  'required-section': 'A narrative section the severity requires is missing or empty.',
  secret: 'A credential (key, token, private key, password) appears in the case.',
  'personal-data': 'An email address or phone number appears in a field a public build shows.',
  blameless: 'Wording names a person as the cause, or assigns blame (warning).',
  'confusion-matrix': 'A confusion matrix is not square with one row and column per label.',
  'near-duplicate': 'A case is very similar to an existing case (warning).',
};

/** What the rules see of one case. */
export interface CaseInput {
  file: string;
  data: FailureCase;
  /** Markdown body ('' for YAML cases). */
  body: string;
  bodyLine: number;
  sections: Section[];
}

type Path = (string | number)[];

/** Runs every single-case rule. */
export function checkCase(input: CaseInput, ctx: RuleContext): PendingFinding[] {
  const findings: PendingFinding[] = [];
  const add = (
    rule: string,
    path: Path,
    message: string,
    hint: string,
    extra: Partial<PendingFinding> = {},
  ) => findings.push({ file: input.file, rule, severity: 'error', path, message, hint, ...extra });
  checkIdentity(input, ctx, add);
  checkDates(input.data, add);
  checkReferences(input.data, ctx, add);
  checkRubric(input.data, ctx, add);
  checkRequirements(input, ctx, add);
  checkText(input, add);
  checkEvidence(input.data, add);
  return findings;
}

type Add = (rule: string, path: Path, message: string, hint: string, extra?: Partial<PendingFinding>) => void;

function checkIdentity({ file, data }: CaseInput, ctx: RuleContext, add: Add): void {
  const policy = ctx.config.policy;
  if (policy) {
    const digits = policy.id_digits ?? 4;
    if (!new RegExp(`^${policy.id_prefix}-[0-9]{${digits},}$`).test(data.id)) {
      add(
        'id-format',
        ['id'],
        `Id \`${data.id}\` does not follow the policy: \`${policy.id_prefix}-\` and at least ${digits} digits.`,
        `Use an id like ${policy.id_prefix}-${'0'.repeat(digits - 1)}1; \`npx failcat new\` picks the next free one.`,
      );
    }
  }
  const base = file.split('/').pop() ?? file;
  const stem = base.replace(/\.(md|markdown|ya?ml)$/i, '');
  if (stem !== data.id && !stem.startsWith(`${data.id}-`)) {
    add(
      'file-name',
      ['id'],
      `File name \`${base}\` does not start with the case id \`${data.id}\`.`,
      `Rename the file to \`${data.id}-${slugOf(data.title)}${base.slice(stem.length)}\`.`,
    );
  } else if (stem !== data.id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(stem.slice(data.id.length + 1))) {
    add(
      'file-name',
      ['id'],
      `File name \`${base}\` should be \`<id>-<slug>\` with a lower-case kebab-case slug.`,
      `Rename the file to \`${data.id}-${slugOf(data.title)}${base.slice(stem.length)}\`.`,
    );
  }
}

/** A short kebab-case slug for file names. */
export function slugOf(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .split('-')
      .slice(0, 8)
      .join('-') || 'case'
  );
}

/** Milliseconds since the epoch of an ISO 8601 date or date-time, or undefined when no such day exists. */
export function parseDate(value: string): number | undefined {
  const fast = parseIsoDateTime(value);
  if (fast !== undefined) return fast;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  if (value.length <= 10) return day.getTime();
  const t = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : t;
}

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * parseDate's fast path for the common forms, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmZ` and
 * `YYYY-MM-DDThh:mm:ssZ`, read by character codes: milliseconds when every part is in
 * range, else undefined (parseDate then takes the general route, which also reports).
 */
function parseIsoDateTime(value: string): number | undefined {
  const n = value.length;
  if (!(n === 10 || n === 17 || n === 20) || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45)
    return undefined;
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > MONTH_DAYS[mo - 1]! + (mo === 2 && leap ? 1 : 0)) return undefined;
  if (n === 10) return Date.UTC(y, mo - 1, d);
  if (
    value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(n - 1) !== 90 /* Z */
  )
    return undefined;
  const h = digitsAt(value, 11, 2);
  const mi = digitsAt(value, 14, 2);
  const sec = n === 20 && value.charCodeAt(16) === 58 ? digitsAt(value, 17, 2) : n === 17 ? 0 : -1;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}

/**
 * Whether date `a` (parsed: `ta`) is before date `b`. A date without a time means "some time
 * that day", so it is compared by day with the date as written: `2025-03-02` is not before
 * `2025-03-02T04:00:00Z`.
 */
function isBefore(a: string, ta: number, b: string, tb: number): boolean {
  if (a.length <= 10 || b.length <= 10) return a.slice(0, 10) < b.slice(0, 10);
  return ta < tb;
}

function checkDates(data: FailureCase, add: Add): void {
  // Paths are built only for findings: this runs for every date of every case.
  const parsed = (value: string, path: () => Path): number | undefined => {
    const t = parseDate(value);
    if (t === undefined) {
      add(
        'date-invalid',
        path(),
        `\`${value}\` is not a real date.`,
        'Check the day and month: ISO 8601 is YYYY-MM-DD.',
      );
    }
    return t;
  };
  const top = {
    occurred_at: data.occurred_at === undefined ? undefined : parsed(data.occurred_at, () => ['occurred_at']),
    detected_at: data.detected_at === undefined ? undefined : parsed(data.detected_at, () => ['detected_at']),
    resolved_at: data.resolved_at === undefined ? undefined : parsed(data.resolved_at, () => ['resolved_at']),
  };
  const timeline = data.timeline?.map((entry, i) => parsed(entry.at, () => ['timeline', i, 'at']));
  data.corrective_actions?.forEach((a, i) => {
    if (a.due !== undefined) parsed(a.due, () => ['corrective_actions', i, 'due']);
  });
  const order: ['occurred_at' | 'detected_at', 'detected_at' | 'resolved_at'][] = [
    ['occurred_at', 'detected_at'],
    ['detected_at', 'resolved_at'],
    ['occurred_at', 'resolved_at'],
  ];
  for (const [earlier, later] of order) {
    const a = top[earlier];
    const b = top[later];
    if (a !== undefined && b !== undefined && isBefore(data[later]!, b, data[earlier]!, a)) {
      add(
        'date-order',
        [later],
        `\`${later}\` (${data[later]}) is before \`${earlier}\` (${data[earlier]}).`,
        `A failure is ${later === 'detected_at' ? 'detected after it occurs' : 'resolved after it occurs and is detected'}: check both dates and their time zones.`,
      );
      break;
    }
  }
  let previous: { at: string; t: number } | undefined;
  data.timeline?.forEach((entry, i) => {
    const t = timeline![i];
    if (t !== undefined && previous !== undefined && isBefore(entry.at, t, previous.at, previous.t)) {
      add(
        'date-order',
        ['timeline', i, 'at'],
        `Timeline entry ${i + 1} (${entry.at}) is before the entry above it.`,
        'List timeline entries in the order they happened.',
      );
    }
    if (t !== undefined) previous = { at: entry.at, t };
  });
  if (data.resolved_at !== undefined && data.status !== 'resolved' && data.status !== 'wont-fix') {
    add(
      'date-order',
      ['resolved_at'],
      `The case has \`resolved_at\` but its status is \`${data.status}\`.`,
      'Set status to resolved (or wont-fix), or remove resolved_at until the failure is resolved.',
    );
  }
}

function checkReferences(data: FailureCase, ctx: RuleContext, add: Add): void {
  const ref = (
    rule: string,
    set: Set<string> | undefined,
    value: string | undefined,
    path: Path,
    what: string,
    file: string,
  ) => {
    if (!set || value === undefined || set.has(value)) return;
    const known = [...set];
    const guess = closestOf(value, known);
    add(
      rule,
      path,
      `${what} \`${value}\` is not defined in ${file}.`,
      guess
        ? `Did you mean \`${guess}\`? Or add \`${value}\` to ${file} in the same PR.`
        : `Use one of: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}; or add it to ${file}.`,
    );
  };
  data.failure_modes?.forEach((m, i) =>
    ref('taxonomy-ref', ctx.failureModes, m, ['failure_modes', i], 'Failure mode', 'taxonomy.yaml'),
  );
  data.root_causes?.forEach((c, i) =>
    ref(
      'taxonomy-ref',
      ctx.layers,
      c.layer,
      ['root_causes', i, 'layer'],
      'Root-cause layer',
      'taxonomy.yaml',
    ),
  );
  ref(
    'taxonomy-ref',
    ctx.detectionMethods,
    data.detection?.method,
    ['detection', 'method'],
    'Detection method',
    'taxonomy.yaml',
  );
  data.evidence?.examples?.forEach((e, i) =>
    ref(
      'taxonomy-ref',
      ctx.exampleKinds,
      e.kind,
      ['evidence', 'examples', i, 'kind'],
      'Example kind',
      'taxonomy.yaml',
    ),
  );
  data.evidence?.links?.forEach((l, i) =>
    ref(
      'taxonomy-ref',
      ctx.linkKinds,
      l.kind,
      ['evidence', 'links', i, 'kind'],
      'Link kind',
      'taxonomy.yaml',
    ),
  );
  data.safeguards?.forEach((s, i) =>
    ref('checklist-ref', ctx.checks, s.check, ['safeguards', i, 'check'], 'Checklist item', 'checklist.yaml'),
  );
  const severities = ctx.severityOrder ? new Set(ctx.severityOrder) : undefined;
  ref('severity-ref', severities, data.severity, ['severity'], 'Severity', 'policy.yaml');
}

function closestOf(value: string, known: string[]): string | undefined {
  // Ids are kebab-case words, so a shared prefix or a containing id is the likelier
  // intent (`drift` for `data-drift`) than the nearest id by edit distance.
  let best: string | undefined;
  let bestScore = 0;
  for (const k of known) {
    const score = commonPrefix(value, k) + (k.includes(value) || value.includes(k) ? 3 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return bestScore >= 3 ? best : undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Dotted paths split once: the policy names a few dozen, read for every case. */
const SPLIT_PATHS = new Map<string, string[]>();

/** Reads a dotted path (`impact.users_affected`) from a case. */
export function getPath(data: unknown, dotted: string): unknown {
  let value = data;
  let keys = SPLIT_PATHS.get(dotted);
  if (!keys) SPLIT_PATHS.set(dotted, (keys = dotted.split('.')));
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The least severe severity the policy's rubric allows for a case, with the rules that set it. */
export function severityFloor(
  data: FailureCase,
  ctx: RuleContext,
): { floor: string; rules: { id: string; field: string; description?: string }[] } | undefined {
  const order = ctx.severityOrder;
  const rubric = ctx.config.policy?.rubric;
  if (!order || !rubric) return undefined;
  let floorIndex = Infinity;
  let rules: { id: string; field: string; description?: string }[] = [];
  for (const rule of rubric) {
    const value = getPath(data, rule.field);
    const applies =
      rule.equals !== undefined
        ? value === rule.equals
        : typeof value === 'number' && value >= (rule.at_least as number);
    if (!applies) continue;
    const index = order.indexOf(rule.min_severity);
    if (index < floorIndex) {
      floorIndex = index;
      rules = [rule];
    } else if (index === floorIndex) {
      rules.push(rule);
    }
  }
  return floorIndex === Infinity ? undefined : { floor: order[floorIndex]!, rules };
}

function checkRubric(data: FailureCase, ctx: RuleContext, add: Add): void {
  const order = ctx.severityOrder;
  const declared = order?.indexOf(data.severity) ?? -1;
  if (!order || declared < 0) return;
  const floor = severityFloor(data, ctx);
  if (!floor || order.indexOf(floor.floor) >= declared) return;
  const because = floor.rules
    .map(
      (r) =>
        `\`${r.field}: ${JSON.stringify(getPath(data, r.field))}\` (rule ${r.id}${r.description ? `: ${r.description}` : ''})`,
    )
    .join('; ');
  add(
    'severity-rubric',
    ['severity'],
    `Declared severity ${data.severity} is below ${floor.floor}, which the impact requires: ${because}.`,
    `Raise severity to ${floor.floor} or higher, or correct the impact field if it is wrong.`,
  );
}

function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function checkRequirements(input: CaseInput, ctx: RuleContext, add: Add): void {
  const policy = ctx.config.policy;
  const data = input.data;
  if (!policy) return;
  if (data.status === 'draft' && !policy.requirements_apply_to_drafts) return;
  const severity = policy.severities.find((s) => s.id === data.severity);
  if (!severity) return;
  for (const field of severity.required_fields ?? []) {
    if (isFilled(getPath(data, field))) continue;
    // Point at the nearest parent that exists, so the finding lands where the field goes.
    const parts = field.split('.');
    while (parts.length > 1 && getPath(data, parts.join('.')) === undefined) parts.pop();
    const at = getPath(data, parts.join('.')) === undefined ? [] : parts;
    add(
      'required-field',
      at,
      `A ${severity.id} case must have \`${field}\`.`,
      `Fill in \`${field}\`; policy.yaml requires it from ${severity.id} (${severity.label}).`,
      { atKey: at.length > 0 },
    );
  }
  for (const id of severity.required_sections ?? []) {
    const section = input.sections.find((s) => s.id === id);
    if (section && section.text.trim() !== '') continue;
    const markdown = input.body !== '' || input.file.match(/\.(md|markdown)$/i);
    add(
      'required-section',
      section && section.line === 0 ? ['narrative', id] : input.data.narrative ? ['narrative'] : [],
      section ? `Section \`${id}\` is empty.` : `A ${severity.id} case must have a \`${id}\` section.`,
      markdown
        ? `Add a \`## ${titleOf(id)}\` heading with its text to the body.`
        : `Add \`${id}:\` with its text under \`narrative:\`.`,
      section && section.line > 0
        ? { line: section.line, column: 1 }
        : markdown
          ? { line: input.bodyLine, column: 1 }
          : { atKey: !section && input.data.narrative !== undefined },
    );
  }
}

function titleOf(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Pattern {
  rule: 'secret' | 'personal-data';
  name: string;
  re: RegExp;
  /** Return false to accept a match after all (documentation examples, placeholders). */
  keep?: (match: string) => boolean;
}

const RESERVED_DOMAIN = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

/** Credentials and personal data the catalog must not publish. */
const SENSITIVE: Pattern[] = [
  { rule: 'secret', name: 'a private key', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/g },
  { rule: 'secret', name: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    rule: 'secret',
    name: 'a GitHub token',
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/g,
  },
  { rule: 'secret', name: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  {
    rule: 'secret',
    name: 'an API secret key',
    re: /\b(?:sk|rk)[-_](?:live_|test_|proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g,
  },
  { rule: 'secret', name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  {
    rule: 'secret',
    name: 'a JSON Web Token',
    re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
  },
  { rule: 'secret', name: 'a password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/gi },
  {
    rule: 'secret',
    name: 'a credential assignment',
    re: /\b(?:password|passwd|api[_-]?key|secret[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)\b\s*[:=]\s*["']?[^\s"']{8,}/gi,
    // What a careful author writes instead of the value: <redacted>, ***, REDACTED, ${VAR}, {{ var }}.
    keep: (m) => !/[:=]\s*["']?(?:<[^>]*>?|\*{3,}|x{4,}|\[?redacted|\$\{|\{\{|%[A-Z_]+%)/i.test(m),
  },
  {
    rule: 'personal-data',
    name: 'an email address',
    re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
    keep: (m) => !RESERVED_DOMAIN.test(m),
  },
  {
    rule: 'personal-data',
    name: 'a phone number',
    re: /(?<![\w.+-])(?:\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w.-])/g,
  },
];

interface Blame {
  re: RegExp;
  message: (m: RegExpExecArray) => string;
  /** Index of the group that must not be a common non-name word, if any. */
  nameGroup?: number;
}

const NAME = '([A-Z][a-z]+(?: [A-Z][a-z]+)?)';
const BLAME: Blame[] = [
  {
    re: new RegExp(
      `\\b${NAME}(?:'s|’s) (?:fault|mistake|negligence|carelessness|error|oversight|blunder)\\b`,
      'g',
    ),
    message: (m) => `The text puts the failure on a person ("${m[0]}").`,
    nameGroup: 1,
  },
  {
    re: new RegExp(`\\b(?:fault|mistake|negligence|carelessness|blunder) (?:of|by) ${NAME}\\b`, 'g'),
    message: (m) => `The text puts the failure on a person ("${m[0]}").`,
    nameGroup: 1,
  },
  {
    re: new RegExp(
      `\\b${NAME}(?:,? who|,)? (?:forgot|neglected|carelessly|recklessly|messed up|screwed up|should have known|was careless|didn't bother|did not bother)\\b`,
      'g',
    ),
    message: (m) => `The text names a person as the cause ("${m[0]}").`,
    nameGroup: 1,
  },
  {
    re: /\b(?:blame[sd]?|blaming|culprit|scapegoat)\b/gi,
    message: (m) => `The text assigns blame ("${m[0]}").`,
  },
  { re: /\bhuman error\b/gi, message: () => 'The text gives "human error" as a cause.' },
];
/**
 * Capitalised words that stand where a blamed person would, but are not people (lower
 * case): pronouns and the like, days and months, and the tools of ML and data teams.
 * Each case adds the names of its own system (`systemNames`).
 */
const NOT_NAMES = new Set(
  [
    'the this that these those it we our they their nobody someone everyone team teams model models',
    'system pipeline monitoring alerting nothing each every no one nor',
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june',
    'july august september october november december',
    'airflow argo azure beam bigquery cassandra celery chef consul cron dagster databricks datadog',
    'docker druid elasticsearch envoy feast flink gcp grafana hadoop helm hive istio jenkins jira',
    'kafka kibana kinesis kubeflow kubernetes lambda looker metaflow mongo nginx opsgenie pagerduty',
    'pinot postgres prefect presto prometheus pulsar puppet ray redis redshift sentry slack snowflake',
    'spark splunk tableau tecton terraform trino triton vault vertex',
  ]
    .join(' ')
    .split(' '),
);

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

/**
 * Two scans for anything a sensitive-data or blame pattern needs (on lower-cased text).
 * They find nothing in most cases, which then skip the positioned scan (a regex per
 * pattern per string). The word alternatives are grouped by their first letter, which
 * V8's regex engine tests about twice as fast as a flat list (measured on the generated
 * cases); test/core/rules.test.ts checks that an example of every pattern gets through.
 * Words of a phrase may be apart by any white space, a line break included.
 */
const MAY_MATCH_WORDS =
  /a(?:kia|sia|iza|pi[_-]?key)|b(?:other|lam|lunder)|c(?:areless|ulprit)|eyj|f(?:orgot|ault\s+(?:of|by)\s)|g(?:h[pousr]_|ithub_pat_)|human\s+error|m(?:essed\s+up|istake)|ne(?:glect|gligen)|p(?:rivate\s+key|assw)|s(?:ecret|crewed\s+up|hould\s+have\s+known|capegoat)|reckless|token|xox/;
/** The rest: e-mail, sk-/rk- keys, phone numbers, possessive blame. Two regexes beat one here. */
const MAY_MATCH_MARKS =
  /@|\b[sr]k[-_]|\+\d|\(\d{3}\)|\d{3}[.-]\d{3}[.-]\d{4}|['’]s\s+(?:fault|error|oversight)/;

/** Parsed documents are at most 64 deep (core/source.ts); this only bounds the recursion. */
const MAX_JOIN_DEPTH = 100;

/**
 * Every string of a document, each followed by a newline. Concatenation builds a rope
 * that the caller's toLowerCase flattens once: twice as fast as collecting and joining.
 */
function joinStrings(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value + '\n';
  if (value === null || typeof value !== 'object' || depth > MAX_JOIN_DEPTH) return '';
  let out = '';
  if (Array.isArray(value)) for (const v of value) out += joinStrings(v, depth + 1);
  else for (const key in value) out += joinStrings((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

const BLAME_HINT =
  'Describe what in the system or process allowed the failure (a missing check, an unclear runbook), not who: postmortems here are blameless.';

function checkText(input: CaseInput, add: Add): void {
  const data = input.data;
  const detectedBy = data.detection?.detected_by;
  if (detectedBy && /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(detectedBy)) {
    add(
      'blameless',
      ['detection', 'detected_by'],
      `\`detected_by\` names a person ("${detectedBy}").`,
      'Name the team or role that detected the failure (on-call ML engineer, customer support).',
      { severity: 'warning' },
    );
  }
  // Lower-cased once: case-sensitive alternations run much faster than /i ones. (Scanning
  // the file's text instead of gathering its strings saved nothing: with its keys and
  // indentation it is half as long again, measured on the generated cases.)
  const text = joinStrings(data) + input.body;
  const all = text.toLowerCase();
  // The Kelvin sign lower-cases to an ASCII `k`, a word character for the prefilters'
  // `\b`, where the scan reads the text as written and sees none: such text skips them.
  if (!text.includes('\u212a') && !MAY_MATCH_WORDS.test(all) && !MAY_MATCH_MARKS.test(all)) return;
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
    return !redacted.some((r) => r.every((part, i) => keys[i] === part));
  };
  const scan = (
    text: string,
    path: Path,
    shown: boolean,
    position?: (index: number) => { line: number; column: number },
  ) => {
    for (const pattern of SENSITIVE) {
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
            : 'Remove it, name a team or role instead, or list the field in `redact` (or set visibility: internal).',
          position?.(m.index) ?? { needle: m[0] },
        );
        break;
      }
    }
    if (path[0] === 'x-' || (typeof path[0] === 'string' && path[0].startsWith('x-'))) return;
    for (const blame of BLAME) {
      blame.re.lastIndex = 0;
      for (let m = blame.re.exec(text); m; m = blame.re.exec(text)) {
        if (blame.nameGroup && notAPerson(m[blame.nameGroup]!)) continue;
        add('blameless', path, blame.message(m), BLAME_HINT, {
          severity: 'warning',
          ...(position?.(m.index) ?? { needle: m[0] }),
        });
        break;
      }
    }
  };
  walkStrings(data, [], (value, path) => scan(value, path, isShown(path)));
  if (input.body !== '') {
    const lines = input.body.split('\n');
    let lineNo = input.bodyLine;
    let section = '';
    for (const line of lines) {
      const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
      if (heading)
        section = heading[1]!
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '');
      const at = lineNo;
      scan(line, [], isShown(['narrative', section]), (index) => ({ line: at, column: index + 1 }));
      lineNo++;
    }
  }
}

/** Calls `visit` for every string in a document, with its path. */
export function walkStrings(value: unknown, path: Path, visit: (text: string, path: Path) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
  }
}

function checkEvidence(data: FailureCase, add: Add): void {
  const cm = data.evidence?.confusion_matrix;
  if (!cm) return;
  const n = cm.labels.length;
  if (cm.matrix.length !== n) {
    add(
      'confusion-matrix',
      ['evidence', 'confusion_matrix', 'matrix'],
      `The matrix has ${cm.matrix.length} rows for ${n} labels.`,
      'Write one row per label (actual), in the order of labels.',
    );
    return;
  }
  cm.matrix.forEach((row, i) => {
    if (row.length !== n) {
      add(
        'confusion-matrix',
        ['evidence', 'confusion_matrix', 'matrix', i],
        `Row ${i + 1} has ${row.length} columns for ${n} labels.`,
        'Write one column per label (predicted), in the order of labels.',
      );
    }
  });
}
