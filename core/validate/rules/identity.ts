/** `id-format` and `file-name`: a case's id follows the policy, and its file is named after it. */
import type { CaseRule } from './types.ts';
import { slugifyTitle } from '../../model/text.ts';

/** The name a case file should have: `<id>-<slug of the title>` with its own extension. */
export function expectedFileName(file: string, id: string, title: string): string {
  const base = file.split('/').pop() ?? file;
  const stem = base.replace(/\.(md|markdown|ya?ml)$/i, '');
  return `${id}-${slugifyTitle(title)}${base.slice(stem.length)}`;
}

/**
 * The hint of a file-name finding whose proposed name another file already has (a copied
 * case keeps its original's id): the case needs a new id, `nextId`, before a name.
 */
export function takenNameHint(taken: string, nextId: string, title: string, file: string): string {
  return `\`${taken}\` is another case's file: give this case the next free id, \`id: ${nextId}\`, and rename the file to \`${expectedFileName(file, nextId, title)}\`.`;
}

/** Checks the case id against the policy's prefix and width, and the file name against the id. */
export const checkIdentity: CaseRule = ({ file, data }, ctx, add) => {
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
      `Rename the file to \`${expectedFileName(file, data.id, data.title)}\`.`,
    );
  } else if (stem !== data.id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(stem.slice(data.id.length + 1))) {
    add(
      'file-name',
      ['id'],
      `File name \`${base}\` should be \`<id>-<slug>\` with a lower-case kebab-case slug.`,
      `Rename the file to \`${expectedFileName(file, data.id, data.title)}\`.`,
    );
  }
};
