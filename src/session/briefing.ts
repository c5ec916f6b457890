import { checkEnvironment, renderPrompt, type EnvironmentCheck } from '../resume/index.js';
import { resumeHints, type ResumeHints } from './hints.js';
import { loadSnapshot, type LoadedSnapshot } from './load.js';
import { dirtyFilesSoon } from '../store/index.js';

export interface Briefing extends LoadedSnapshot {
  environment: EnvironmentCheck;
  hints: ResumeHints;
  prompt: string;
}

/**
 * What a new session starts from, for `git session resume` and the MCP server alike: the
 * snapshot (a session's, else the newest for this branch), the environment checked against it,
 * related earlier work and files, and the bootstrap prompt.
 */
export async function resumeBriefing(opts: { sessionId?: string; cwd?: string }): Promise<Briefing> {
  // `git status` runs while the snapshot is read; the trail and this clone's other manifests
  // (related earlier work) are read with the manifest.
  const dirty = dirtyFilesSoon(opts.cwd ?? process.cwd());
  const loaded = loadSnapshot({ ...opts, readAhead: { ownManifests: true } });
  const environment = checkEnvironment(loaded.repo, loaded.store, loaded.manifest, await dirty);
  const hints = await resumeHints(loaded.repo, loaded.store, loaded.manifest, { snapshot: loaded.snapshot });
  const prompt = renderPrompt(loaded.manifest, environment, { ...loaded.snapshot, fetched: !loaded.local }, hints);
  return { ...loaded, environment, hints, prompt };
}
