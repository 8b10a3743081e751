/** `control-character` over a case: its keys and strings, and its Markdown body (see ../characters.ts). */
import type { CaseRule } from './types.ts';
import { characterFindings } from '../characters.ts';

/** Checks every key and string of the case, and its Markdown body line by line. */
export const checkCharacters: CaseRule = (input, _ctx, add) => {
  for (const { rule, path, message, hint, ...extra } of characterFindings(
    input.file,
    input.data,
    input.body,
    input.bodyLine,
  )) {
    add(rule, path, message, hint, extra);
  }
};
