/**
 * ajv's options, shared by the precompiled validators (scripts/gen-types.ts) and anything
 * that compiles a schema at run time, so both validate the same way.
 */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  // `required` inside oneOf branches names properties defined beside it, not in the branch.
  strictRequired: false,
  // Example values may be text or numbers (`expected`, `predicted`).
  allowUnionTypes: true,
  // The schema is where defaults live (visibility, the risk policy, ...).
  useDefaults: true,
} as const;
