/**
 * Whether Codex will run the hooks in a project's `.codex/hooks.json`. Codex 0.171 runs a project's
 * hooks only in a trusted project (`[projects."<path>"] trust_level = "trusted"` in the user's
 * config.toml) and only each hook that was reviewed (`[hooks.state."<file>:<event>:<group>:<handler>"]
 * trusted_hash`, written by the TUI's `/hooks` review) with the hash it has now; otherwise it skips
 * them without a word. Checked against the real binary in test/live.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { codexHome } from './locate.js';

interface CommandHook {
  type?: string;
  command?: string;
  timeout?: number;
  async?: boolean;
  statusMessage?: string;
}

type HooksFile = { hooks?: Record<string, Array<{ matcher?: string; hooks?: CommandHook[] }>> };

/** Events whose matcher Codex ignores (and leaves out of the hash). */
const NO_MATCHER = new Set(['UserPromptSubmit', 'Stop']);

/** Codex's name for an event in keys and hashes: `SessionStart` → `session_start`. */
const label = (event: string): string => event.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/** The timeout Codex runs a hook with (seconds): 600 unless set; SessionEnd 1 unless set, at most 3. */
const effectiveTimeout = (event: string, t: number | undefined): number => (event === 'SessionEnd' ? Math.min(Math.max(1, t ?? 1), 3) : Math.max(1, t ?? 600));

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The hash Codex records when a hook is reviewed: sha256 of its identity as sorted, compact JSON. */
export function hookTrustHash(event: string, matcher: string | undefined, hook: CommandHook): string {
  const identity = {
    event_name: label(event),
    matcher: NO_MATCHER.has(event) ? undefined : matcher,
    hooks: [
      { type: 'command', command: hook.command, timeout: effectiveTimeout(event, hook.timeout), async: hook.async ?? false, statusMessage: hook.statusMessage },
    ],
  };
  return `sha256:${createHash('sha256').update(canonical(identity)).digest('hex')}`;
}

export type HookTrust = 'trusted' | 'unreviewed' | 'modified';

export interface CodexTrust {
  /** The user config read (CODEX_HOME/config.toml), or undefined when there is none. */
  config?: string;
  projectTrusted: boolean;
  /** Each hook of the file whose command ends with `mark`: will Codex run it? */
  hooks: Array<{ event: string; key: string; trust: HookTrust }>;
}

/**
 * What Codex will do with git-session's hooks in `root`'s `.codex/hooks.json`.
 * @param mark the end of every git-session hook command
 */
export function codexTrust(root: string, mark: string, env = process.env): CodexTrust {
  const configPath = join(codexHome(env), 'config.toml');
  let config: Record<string, any> = {};
  let read: string | undefined;
  try {
    config = parseToml(readFileSync(configPath, 'utf8')) as Record<string, any>;
    read = configPath;
  } catch {
    /* no config, or not TOML: nothing is trusted */
  }
  const paths = [
    ...new Set([
      root,
      (() => {
        try {
          return realpathSync(root);
        } catch {
          return root;
        }
      })(),
    ]),
  ];
  const projectTrusted = paths.some((p) => config.projects?.[p]?.trust_level === 'trusted');
  const file = join(root, '.codex', 'hooks.json');
  let hooks: HooksFile = {};
  try {
    hooks = JSON.parse(readFileSync(file, 'utf8')) as HooksFile;
  } catch {
    /* no hooks file */
  }
  const out: CodexTrust['hooks'] = [];
  for (const [event, groups] of Object.entries(hooks.hooks ?? {})) {
    (groups ?? []).forEach((g, gi) =>
      (g.hooks ?? []).forEach((h, hi) => {
        if (!h.command?.endsWith(mark)) return;
        // Codex keys the review by the file's absolute path as it found it (the project root it resolved).
        const keys = paths.map((p) => `${join(p, '.codex', 'hooks.json')}:${label(event)}:${gi}:${hi}`);
        const stored = keys.map((k) => config.hooks?.state?.[k]?.trusted_hash as string | undefined).find(Boolean);
        const trust: HookTrust = !stored ? 'unreviewed' : stored === hookTrustHash(event, g.matcher, h) ? 'trusted' : 'modified';
        out.push({ event, key: keys[0]!, trust });
      }),
    );
  }
  return { config: read, projectTrusted, hooks: out };
}
