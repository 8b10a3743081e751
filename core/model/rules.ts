/**
 * The rule registry: every rule id a finding can carry, what it checks, and what it is
 * about. `RuleId` is derived from it, so a finding with an unregistered rule fails to compile.
 */

/**
 * What a rule's findings are about. `catalog`: catalog files (the parse and schema rules
 * also fire on a deployment manifest); each has a fixture folder under
 * test/fixtures/rules/. `manifest`: only the risk check's deployment manifest.
 * `predictions`: the predictions file `failcat evidence` reads.
 */
export type RuleScope = 'catalog' | 'manifest' | 'predictions';

/** Every rule: its scope, and what it checks in a sentence (SARIF's rule list, --help, docs). */
export const RULES = {
  'file-too-large': { scope: 'catalog', description: 'A catalog file is larger than 1 MiB.' },
  encoding: { scope: 'catalog', description: 'A file is not valid UTF-8, or starts with a byte order mark.' },
  'unreadable-file': {
    scope: 'catalog',
    description:
      'A catalog path is a symbolic link, a folder, FIFO or device where a file belongs, or cannot be read.',
  },
  'empty-file': { scope: 'catalog', description: 'A file is empty.' },
  frontmatter: {
    scope: 'catalog',
    description: 'A Markdown case lacks its YAML frontmatter, or never closes it.',
  },
  'yaml-syntax': { scope: 'catalog', description: 'A file is not valid YAML.' },
  'duplicate-key': { scope: 'catalog', description: 'A key appears twice in one mapping.' },
  'too-deep': { scope: 'catalog', description: 'A document is nested too deeply.' },
  'too-many-nodes': { scope: 'catalog', description: 'A document expands to too many values (alias bomb).' },
  'forbidden-key': { scope: 'catalog', description: 'A key such as __proto__ or constructor is used.' },
  'config-missing': {
    scope: 'catalog',
    description: 'The catalog lacks taxonomy.yaml, policy.yaml or checklist.yaml.',
  },
  schema: { scope: 'catalog', description: 'A value does not match the JSON Schema.' },
  'id-format': { scope: 'catalog', description: "A case id does not use the policy's prefix and width." },
  'unique-id': { scope: 'catalog', description: 'Two cases (or two configuration entries) share an id.' },
  'file-name': { scope: 'catalog', description: "A case file's name does not start with its id." },
  'date-invalid': { scope: 'catalog', description: 'A date does not exist in the calendar.' },
  'date-order': {
    scope: 'catalog',
    description: 'Dates are out of order (occurred, detected, resolved; the timeline).',
  },
  'taxonomy-ref': {
    scope: 'catalog',
    description: 'A failure mode, layer, detection method or kind is not in taxonomy.yaml.',
  },
  'checklist-ref': {
    scope: 'catalog',
    description: 'A safeguard names a check that is not in checklist.yaml.',
  },
  'severity-ref': { scope: 'catalog', description: 'A severity is not defined in policy.yaml.' },
  'case-ref': {
    scope: 'catalog',
    description:
      'A related, supersedes or duplicate_of id names no case in the catalog, or (warning) a case that fails its schema.',
  },
  'severity-rubric': {
    scope: 'catalog',
    description: "The declared severity is below the floor the impact implies under the policy's rubric.",
  },
  'required-field': { scope: 'catalog', description: 'A field the severity requires is missing or empty.' },
  'required-section': {
    scope: 'catalog',
    description: 'A narrative section the severity requires is missing or empty.',
  },
  'placeholder-text': {
    scope: 'catalog',
    description: 'A case past draft still holds the template text `failcat new` wrote.',
  },
  secret: {
    scope: 'catalog',
    description: 'A credential (key, token, private key, password) appears in the case.',
  },
  'personal-data': {
    scope: 'catalog',
    description: 'An email address or phone number appears in a field a public build shows.',
  },
  blameless: {
    scope: 'catalog',
    description: 'Wording names a person as the cause, or assigns blame (warning).',
  },
  'control-character': {
    scope: 'catalog',
    description: 'A text holds a control character, noncharacter or lone surrogate that no output can carry.',
  },
  redact: {
    scope: 'catalog',
    description: 'A redact entry matches nothing in the case, or names a field every case must publish.',
  },
  'confusion-matrix': {
    scope: 'catalog',
    description: 'A confusion matrix is not square with one row and column per label.',
  },
  'plan-ref': {
    scope: 'catalog',
    description:
      "A retraining or evaluation plan links a regression test the case's regression_tests do not define.",
  },
  'near-duplicate': {
    scope: 'catalog',
    description: 'A case is very similar to an existing case (warning).',
  },
  'deploy-missing': {
    scope: 'manifest',
    description: 'The deployment manifest the risk check reads does not exist.',
  },
  'waiver-invalid': {
    scope: 'manifest',
    description:
      'A waiver block in the PR description is not valid YAML or does not match the waiver schema.',
  },
  'test-report': {
    scope: 'manifest',
    description: 'A test report given to the risk check is missing, unreadable or not JUnit XML.',
  },
  'prediction-row': {
    scope: 'predictions',
    description:
      'A row of a predictions file cannot be read: bad CSV or JSON, no label, a score not a number.',
  },
  'prediction-file': {
    scope: 'predictions',
    description:
      'A predictions file as a whole does not give the figures: no rows, no positive class, costs missing.',
  },
} as const satisfies Record<string, { scope: RuleScope; description: string }>;

/** A registered rule id: the only kind of rule a finding can carry. */
export type RuleId = keyof typeof RULES;

/** The ids of the rules about a scope, in registry order. */
export function ruleIdsOf(scope: RuleScope): RuleId[] {
  return (Object.keys(RULES) as RuleId[]).filter((id) => RULES[id].scope === scope);
}
