/** Writing a new case: the next free id and a draft that validates as it stands. */
import type { Policy } from '../model/schema-types.ts';
import { SUMMARY_PLACEHOLDER, sectionPlaceholder } from '../model/placeholders.ts';
import { headingFromSlug, slugifyTitle } from '../model/text.ts';

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
  /** The narrative sections the severity requires (the policy's `required_sections`). */
  sections?: readonly string[];
}

/** The sections a new case gets: the ones its severity requires, and a diagnosis always. */
export function scaffoldSections(required: readonly string[] = []): string[] {
  return [...new Set([...required, ...(required.length > 0 ? [] : ['impact']), 'diagnosis'])];
}

/** Folds text into lines of at most `width` characters, each after `indent`. */
function fold(text: string, indent: string, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
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
    `summary: >-\n${fold(SUMMARY_PLACEHOLDER, '  ').join('\n')}`,
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
  const sections = scaffoldSections(input.sections);
  if (input.format === 'yaml') {
    return [
      `# yaml-language-server: $schema=${input.schema ?? '../../schemas/case.schema.json'}`,
      fields,
      'narrative:',
      ...sections.flatMap((id) => [`  ${id}: >-`, ...fold(sectionPlaceholder(id), '    ')]),
      '',
    ].join('\n');
  }
  return [
    '---',
    fields,
    '---',
    ...sections.flatMap((id) => ['', `## ${headingFromSlug(id)}`, '', ...fold(sectionPlaceholder(id), '')]),
    '',
  ].join('\n');
}
