import { resolve } from 'node:path';
import { findRepo, type Repo } from '../store/git.js';
import { readConfig, type SessionConfig } from '../store/config.js';
import { type AgentKind, checkReadable, detectAgent, locateTranscript } from '../transcript/index.js';

export interface SessionTarget {
  repo?: Repo;
  config: SessionConfig;
  transcript: string;
  agent: AgentKind;
}

/**
 * What most commands start from: the repository (if any), its config, and the transcript to read
 * (`--transcript` wins, else the newest session of this project).
 * @param opts.onProblem told about each broken config value (the default is used for it)
 * @param opts.readRef a ref read with the repository, in the same git process (see openRepo)
 */
export function resolveSession(opts: { transcript?: string; cwd?: string; onProblem?: (message: string) => void; readRef?: string }): SessionTarget {
  const cwd = opts.cwd ?? process.cwd();
  const repo = findRepo(cwd, { readRef: opts.readRef });
  const config = readConfig(repo);
  for (const p of config.problems) opts.onProblem?.(`${p.message} Using the default.`);
  if (opts.transcript) {
    const transcript = resolve(cwd, opts.transcript);
    checkReadable(transcript);
    return { repo, config, transcript, agent: detectAgent(transcript) };
  }
  const found = locateTranscript(cwd, repo?.root ?? cwd);
  return { repo, config, transcript: found.path, agent: found.agent };
}
