/** Deciding what to do with the sticky comment, given the PR's existing comments. Pure. */

/** An existing PR comment, as much as the decision needs. */
export interface ExistingComment {
  id: number;
  body?: string | null;
  /** The author's login (GitHub's `user.login`), when known. */
  author?: string;
}

/** What to do: create, update or delete a comment, or leave things as they are. */
export type CommentPlan =
  | { action: 'create'; body: string }
  | { action: 'update'; id: number; body: string }
  | { action: 'delete'; id: number }
  | { action: 'none' };

/**
 * The action's own comments: those that start with the marker and were written by the
 * account the token writes as (`self`, a login; GitHub compares logins without case).
 * Anyone else's comment is never taken for it, and so never rewritten or deleted, even
 * one pasted with the marker at its start. Without `self` none is the action's.
 */
function ownComments(existing: readonly ExistingComment[], marker: string, self: string | undefined) {
  const login = self?.toLowerCase();
  return existing.filter(
    (c) => login !== undefined && c.author?.toLowerCase() === login && c.body?.startsWith(marker),
  );
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
  cleanBody: string | undefined,
  self: string | undefined,
): { plan: CommentPlan; duplicates: number[] } {
  const ours = ownComments(existing, marker, self);
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
