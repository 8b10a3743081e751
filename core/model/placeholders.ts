/**
 * The template text `failcat new` writes for the author to replace: the scaffold writes
 * it, and the `placeholder-text` rule refuses a case that leaves draft still holding it.
 */
import { headingFromSlug } from './text.ts';

/** The summary's template text. */
export const SUMMARY_PLACEHOLDER =
  'What happened, when, who was affected and how it was discovered. Replace this text before the case leaves draft.';

/** The template text of the narrative sections failcat knows. */
const SECTION_PLACEHOLDERS: Record<string, string> = {
  impact: 'Who and what was affected, for how long. Replace this text before the case leaves draft.',
  detection:
    'How the failure was noticed, by whom (a team or role) and how long it went unseen. Replace this text before the case leaves draft.',
  diagnosis:
    'What went wrong and why: data, features, model logic, pipeline, infrastructure, monitoring, process. Describe the system, not a person. Replace this text before the case leaves draft.',
  'follow-up':
    'What changes so this failure cannot happen again, and how the change is checked. Replace this text before the case leaves draft.',
};

/** The template text of a narrative section, by its id. */
export function sectionPlaceholder(id: string): string {
  return (
    SECTION_PLACEHOLDERS[id] ??
    `What the ${headingFromSlug(id)} section should say. Replace this text before the case leaves draft.`
  );
}

/** The sentence every template text ends with: what the rule looks for. */
export const PLACEHOLDER_MARK = 'Replace this text before the case leaves draft.';

/** Whether text still holds template text (line breaks and indentation as YAML folding leaves them). */
export function holdsPlaceholder(text: string): boolean {
  // Most text lacks the mark's last word, which no folding splits: skip the rewrite then.
  return text.includes('draft.') && text.replace(/\s+/g, ' ').includes(PLACEHOLDER_MARK);
}
