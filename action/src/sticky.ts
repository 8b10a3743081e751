/** Deciding what to do with the sticky comment, given the PR's existing comments. Pure. */

/** An existing PR comment, as much as the decision needs. */
export interface ExistingComment {
  id: number;
  body?: string | null;
}

/** What to do: create, update or delete a comment, or leave things as they are. */
export type CommentPlan =
  | { action: 'create'; body: string }
  | { action: 'update'; id: number; body: string }
  | { action: 'delete'; id: number }
  | { action: 'none' };

/**
 * The comment carrying `marker` is found among all comments (the first, if a race left
 * two; later ones are deleted by `duplicates`). With nothing to report (`body` undefined)
 * an existing comment is replaced by `cleanBody` when given, or deleted; no new comment
 * is created, so a clean PR stays quiet.
 */
export function planComment(
  existing: readonly ExistingComment[],
  marker: string,
  body: string | undefined,
  cleanBody?: string,
): { plan: CommentPlan; duplicates: number[] } {
  const ours = existing.filter((c) => c.body?.startsWith(marker));
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
