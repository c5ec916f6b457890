/** The stored manifest is never larger than this many bytes. */
export const MANIFEST_BUDGET_BYTES = 2048;
/**
 * No manifest git-session stores is larger than this: the budget and a margin. Anything larger
 * was not written by git-session: sync refuses it and no reader loads it. Apart from the schema
 * so that the store's lean readers need no zod.
 */
export const MAX_STORED_MANIFEST_BYTES = MANIFEST_BUDGET_BYTES + 1024;
