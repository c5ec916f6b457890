import { resolve } from 'node:path';
import { findRepo, type Repo } from '../store/git.js';
import { readConfig, type SessionConfig } from '../store/config.js';
import { type AgentKind, checkReadable, detectAgent, locateTranscript } from '../transcript/index.js';
import { warn } from './output.js';

export interface SessionTarget {
  repo?: Repo;
  config: SessionConfig;
  transcript: string;
  agent: AgentKind;
}

/**
 * What most commands start from: the repository (if any), its config, and the transcript to read
 * (`--transcript` wins, else the newest session of this project).
 */
export function resolveSession(opts: { transcript?: string; cwd?: string; quiet?: boolean }): SessionTarget {
  const cwd = opts.cwd ?? process.cwd();
  const repo = findRepo(cwd);
  const config = readConfig(repo);
  if (!opts.quiet) for (const p of config.problems) warn(`${p.message} Using the default.`);
  if (opts.transcript) {
    const transcript = resolve(cwd, opts.transcript);
    checkReadable(transcript);
    return { repo, config, transcript, agent: detectAgent(transcript) };
  }
  const found = locateTranscript(cwd, repo?.root ?? cwd);
  return { repo, config, transcript: found.path, agent: found.agent };
}
