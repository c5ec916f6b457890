/**
 * The MCP tools' arguments, checked strictly: a key a tool does not know is an error that names
 * the ones it accepts (a dropped key would silently change the answer, as `session_id` once
 * resumed the newest session instead of the named one).
 */
import { z } from 'zod';
import { UsageError } from '../errors.js';

/** At most this many characters of a caller's text are echoed back in an error. */
const ECHO_MAX = 80;

/** A caller's text for an error message: JSON-quoted, cut short when long. */
export function echo(text: string): string {
  return text.length > ECHO_MAX ? `${JSON.stringify(text.slice(0, ECHO_MAX))}… (${text.length} characters)` : JSON.stringify(text);
}

/** A tool's input schema: its shape, and no other key. */
export function strictInput<S extends z.ZodRawShape>(tool: string, shape: S) {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const keys = issue.keys.slice(0, 5).map(echo).join(', ') + (issue.keys.length > 5 ? `, and ${issue.keys.length - 5} more` : '');
      return `unknown argument ${keys}; ${tool} accepts: ${accepted}`;
    },
  });
}

const sessionArg = z.string().min(1).max(200);

/** The session a tool is asked about: `session_id` (as the outputs name it), or `session`, its older name. */
export const sessionInput = (what = 'the session id (a unique prefix is enough)') => ({
  session_id: sessionArg.optional().describe(what),
  session: sessionArg.optional().describe('the same as session_id (its older name)'),
});

/** The session named by `session_id` or `session`; both naming different sessions is an error. */
export function sessionOf(args: { session_id?: string; session?: string }): string | undefined {
  if (args.session_id !== undefined && args.session !== undefined && args.session_id !== args.session) {
    throw new UsageError(`session_id ${echo(args.session_id)} and session ${echo(args.session)} name different sessions; give only session_id.`);
  }
  return args.session_id ?? args.session;
}

/** The longest tool error message: a caller's oversized input never comes back whole. */
const ERROR_MAX = 2000;

/** The command line's flags as the MCP tools name them. */
const FLAG_TERMS: Array<[RegExp, string]> = [
  [/(?:pass|name)( one| another)? with --transcript PATH/gi, 'name$1 with the `transcript` argument'],
  [/--transcript\b/g, '`transcript`'],
  [/--session\b/g, '`session_id`'],
];

/** A git-session error message as a tool says it: its arguments' names, not the CLI's flags, and bounded. */
export function inToolTerms(message: string): string {
  const text = FLAG_TERMS.reduce((m, [flag, term]) => m.replace(flag, term), message);
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX)}… (${text.length} characters in all)` : text;
}
