/**
 * The patterns of the text scan: credentials and personal data (`secret`, `personal-data`)
 * and blaming wording (`blameless`), with the prefilter derived from them. A new pattern
 * needs only its entry here.
 */

/** A credential or a piece of personal data the catalog must not publish. */
export interface SensitivePattern {
  rule: 'secret' | 'personal-data';
  /** What the match is, after "looks like" or "contains": `a GitHub token`. */
  name: string;
  re: RegExp;
  /** Return false to accept a match after all (documentation examples, placeholders). */
  keep?: (match: string) => boolean;
}

const RESERVED_DOMAIN = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

/** Credentials and personal data the catalog must not publish. */
export const SENSITIVE: SensitivePattern[] = [
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

/** Wording that puts a failure on a person. */
export interface BlamePattern {
  re: RegExp;
  message: (m: RegExpExecArray) => string;
  /** Index of the group that must not be a common non-name word, if any. */
  nameGroup?: number;
}

const NAME = '([A-Z][a-z]+(?: [A-Z][a-z]+)?)';

/** Blaming wording: a person's fault, a person who forgot, blame and human error. */
export const BLAME: BlamePattern[] = [
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
 * Each case adds the names of its own system.
 */
export const NOT_NAMES = new Set(
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
