/** `required-field` and `required-section`: what the policy requires of a case of its severity. */
import type { CaseRule } from './types.ts';
import { getPath } from '../../model/paths.ts';
import { headingFromSlug } from '../../model/text.ts';

function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Checks the fields and narrative sections the case's severity requires (drafts only if the policy says so). */
export const checkRequirements: CaseRule = (input, ctx, add) => {
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
        ? `Add a \`## ${headingFromSlug(id)}\` heading with its text to the body.`
        : `Add \`${id}:\` with its text under \`narrative:\`.`,
      section && section.line > 0
        ? { line: section.line, column: 1 }
        : markdown
          ? { line: input.bodyLine, column: 1 }
          : { atKey: !section && input.data.narrative !== undefined },
    );
  }
};
