/**
 * The live tests' global setup: the pinned agents are installed (on demand, into the cache folder
 * outside node_modules) before any test runs, so an install is never counted in a test's time.
 */
import { spawnSync } from 'node:child_process';
import { AGENTS, agentsDir, ensureAgent, installedAgent, type AgentName } from './harness/agents.js';

export default function setup(): void {
  for (const name of Object.keys(AGENTS) as AgentName[]) {
    const had = installedAgent(name);
    const started = Date.now();
    const bin = ensureAgent(name);
    const spec = AGENTS[name];
    console.log(`[live] ${spec.pkg}@${spec.version}: ${had ? 'cached' : `installed in ${((Date.now() - started) / 1000).toFixed(1)} s`} (${bin})`);
  }
  console.log(
    `[live] agents folder: ${agentsDir()}; tmux: ${spawnSync('tmux', ['-V'], { encoding: 'utf8' }).stdout.trim() || 'not found (the interactive statusline test is skipped)'}`,
  );
}
