/** Deciding what to do with the sticky comment, given the PR's existing comments. Pure. */

/** An existing PR comment, as much as the decision needs. */
export interface ExistingComment {
  id: number;
  body?: string | null;
  /** The author's account type, `Bot` or `User` (GitHub's `user.type`), when known. */
  authorType?: string;
}

/** What to do: create, update or delete a comment, or leave things as they are. */
export type CommentPlan =
  | { action: 'create'; body: string }
  | { action: 'update'; id: number; body: string }
  | { action: 'delete'; id: number }
  | { action: 'none' };

/**
 * Which of the comments that start with the marker are the action's own. A person's
 * comment is never taken for it (and so never rewritten or deleted), even one that
 * starts with the marker, pasted: when a bot wrote one of them, only bots' count; when
 * the action writes as a bot (`botAuthor`: an installation token, as the workflow's
 * GITHUB_TOKEN is), only bots' count even if none does yet. Otherwise (a personal token,
 * whose comments are a person's) every one counts.
 */
function ownComments(existing: readonly ExistingComment[], marker: string, botAuthor: boolean) {
  const marked = existing.filter((c) => c.body?.startsWith(marker));
  const byBots = marked.filter((c) => c.authorType === 'Bot');
  return botAuthor || byBots.length > 0 ? byBots : marked;
}

/**
 * The comment carrying `marker` is found among all comments (the first, if a race left
 * two; later ones are deleted by `duplicates`). With nothing to report (`body` undefined)
 * an existing comment is replaced by `cleanBody` when given, or deleted; no new comment
 * is created, so a clean PR stays quiet. See ownComments for whose comments count.
 */
export function planComment(
  existing: readonly ExistingComment[],
  marker: string,
  body: string | undefined,
  cleanBody?: string,
  botAuthor = false,
): { plan: CommentPlan; duplicates: number[] } {
  const ours = ownComments(existing, marker, botAuthor);
  const [first, ...rest] = ours;
  const duplicates = rest.map((c) => c.id);
  if (body !== undefined) {
    if (!first) return { plan: { action: 'create', body }, duplicates };
    return {
      plan: first.body === body ? { action: 'none' } : { action: 'update', id: first.id, body },
      duplicates,
    };
  }
  if (!first) return { plan: { action: 'none' }, duplicates };
  if (cleanBody === undefined) return { plan: { action: 'delete', id: first.id }, duplicates };
  return {
    plan: first.body === cleanBody ? { action: 'none' } : { action: 'update', id: first.id, body: cleanBody },
    duplicates,
  };
}
