/** What every MCP tool shares: its answer's shape, its errors in the tool's terms, the transcripts it may read. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { GitSessionError } from '../errors.js';
import { transcriptRefusal } from '../hooks/payload.js';
import { echo, inToolTerms } from './inputs.js';

export const countArg = (what: string, fallback: number) =>
  z.number().int().min(1).max(1000).optional().describe(`at most this many ${what} (default ${fallback})`);

/** A tool's answer: the record as structured content, and as JSON text for clients that read only text. */
export const answer = <T extends Record<string, unknown>>(record: T, text = JSON.stringify(record, null, 2)) => ({
  content: [{ type: 'text' as const, text }],
  structuredContent: record,
});

/**
 * Runs a tool body: a git-session error becomes a tool error with its message (the SDK turns a
 * thrown error into `isError: true`); anything else says it was unexpected, in one line.
 */
export async function tool<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof GitSessionError) throw new GitSessionError(err.code, inToolTerms(err.message), err.exitCode);
    throw new Error(
      `unexpected error: ${String((err as Error)?.message ?? err)
        .replace(/\s+/g, ' ')
        .slice(0, 300)}`,
    );
  }
}

/**
 * A transcript an MCP call names: only a Claude Code or Codex transcript inside the repository or
 * an agent's transcript folders (the same rule as hook payloads), never any file the caller names.
 */
export function namedTranscript(root: string, given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const path = resolve(root, given);
  const why = transcriptRefusal(path, root);
  if (why)
    throw new GitSessionError(
      'EUNTRUSTED',
      `transcript ${echo(given)} ${why}. Name a Claude Code or Codex transcript of this repository, or leave \`transcript\` out to read the newest one.`,
    );
  return path;
}
