/** Writing a new case: the next free id and a draft that validates as it stands. */
import type { Policy } from '../model/schema-types.ts';
import { slugifyTitle } from '../model/text.ts';

/** What `failcat new` asks for. */
export interface ScaffoldInput {
  id: string;
  title: string;
  severity: string;
  model?: string;
  format: 'md' | 'yaml';
  /** Today, as YYYY-MM-DD. */
  today: string;
  /** The case schema for a YAML case's modeline, relative to the cases folder. */
  schema?: string;
}

/** The next free id after the highest one in use, formatted by the policy. */
export function nextCaseId(
  policy: Pick<Policy, 'id_prefix' | 'id_digits'>,
  usedIds: Iterable<string>,
): string {
  const prefix = policy.id_prefix;
  const digits = policy.id_digits ?? 4;
  let max = 0;
  const pattern = new RegExp(`^${prefix}-(\\d+)`);
  for (const id of usedIds) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${String(max + 1).padStart(digits, '0')}`;
}

/** The file name of a case: `<id>-<slug>.<ext>`. */
export function caseFileName(input: Pick<ScaffoldInput, 'id' | 'title' | 'format'>): string {
  return `${input.id}-${slugifyTitle(input.title)}.${input.format === 'md' ? 'md' : 'yaml'}`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** The text of a new draft case, with the fields to fill in next written as comments. */
export function scaffoldCase(input: ScaffoldInput): string {
  const fields = [
    `id: ${input.id}`,
    `title: ${quote(input.title)}`,
    `summary: >-\n  What happened, when, who was affected and how it was discovered.\n  Replace this text before the case leaves draft.`,
    'status: draft',
    `severity: ${input.severity}`,
    '# severity_rationale: which rubric rule in policy.yaml sets the severity',
    `occurred_at: ${input.today}`,
    '# detected_at: 2025-01-01T00:00:00Z',
    '# detection: { method: monitoring, detected_by: on-call ML engineer }',
    input.model
      ? `system:\n  model: ${quote(input.model)}\n  environment: production`
      : '# system: { model: my-model, model_version: 1.0.0, environment: production }',
    '# impact: { users_affected: 0, events_affected: 0, safety: false, regulatory: false, description: "" }',
    '# expected: { objective: "", kpis: [], accepted_risk: "" }',
    '# failure_modes: [data-drift]            # ids from catalog/taxonomy.yaml',
    '# root_causes: [{ layer: data, description: "" }]',
    '# corrective_actions: [{ category: prevention, action: "", owner: team, due: 2025-01-01, status: open }]',
    '# safeguards: [{ check: validate-feature-ranges, applies_to: { models: ["my-model*"] } }]',
    'visibility: internal',
  ].join('\n');
  if (input.format === 'yaml') {
    return [
      `# yaml-language-server: $schema=${input.schema ?? '../../schemas/case.schema.json'}`,
      fields,
      'narrative:',
      '  diagnosis: >-',
      '    What went wrong and why: data, features, model logic, pipeline, infrastructure,',
      '    monitoring, process. Describe the system, not a person.',
      '',
    ].join('\n');
  }
  return [
    '---',
    fields,
    '---',
    '',
    '## Impact',
    '',
    'Who and what was affected, for how long.',
    '',
    '## Diagnosis',
    '',
    'What went wrong and why: data, features, model logic, pipeline, infrastructure,',
    'monitoring, process. Describe the system, not a person.',
    '',
  ].join('\n');
}
