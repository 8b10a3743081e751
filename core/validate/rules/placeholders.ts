/** `placeholder-text`: a case that leaves `draft` no longer holds the text `failcat new` wrote for its author. */
import { holdsPlaceholder } from '../../model/placeholders.ts';
import { allStrings, walkStrings } from '../../model/paths.ts';
import type { CaseRule } from './types.ts';

const HINT = 'Replace the template text with what happened, or keep `status: draft` until it is written.';

/** Reports each field and Markdown section that still holds template text, once a case is past draft. */
export const checkPlaceholders: CaseRule = (input, _ctx, add) => {
  if (input.data.status === 'draft') return;
  // Template text ends in "draft.", which no folding splits: most cases skip the walk.
  if (allStrings(input.data).includes('draft.'))
    walkStrings(input.data, [], (text, path) => {
      if (!holdsPlaceholder(text)) return;
      add(
        'placeholder-text',
        path,
        `\`${path.join('.')}\` still holds the template text of \`failcat new\`, and the case is ${input.data.status}.`,
        HINT,
      );
    });
  for (const section of input.sections) {
    if (section.line === 0 || !holdsPlaceholder(section.text)) continue;
    add(
      'placeholder-text',
      [],
      `Section \`${section.title}\` still holds the template text of \`failcat new\`, and the case is ${input.data.status}.`,
      HINT,
      { line: section.line, column: 1 },
    );
  }
};
