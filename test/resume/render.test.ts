import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/manifest/index.js';
import { renderPrompt } from '../../src/resume/render.js';
import type { EnvironmentCheck } from '../../src/resume/verify.js';
import { manifest } from './manifest.js';

const env = (missing: string[] = []): EnvironmentCheck => ({
  branch: { now: 'main', snapshot: 'main', matches: true },
  head: { moved: false, unknown: false },
  dirty: [],
  missing,
  outside: [],
});
const label = { commit: 'c'.repeat(40), date: '2026-11-24T12:00:00.000Z' };
const header = (m: Manifest) => renderPrompt(m, env(), label).split('\n')[0];

describe('the bootstrap prompt', () => {
  it("gives the context's figures, and says it does not know them rather than 0%", () => {
    expect(header(manifest())).toContain('saved 2026-11-24T12:00:00.000Z at 50% context, 100,000 of 200,000 tokens)');
    const none = manifest((m) => (m.session_metadata.context_usage_before = { tokens: 0, window: 258_400, percent: 0, level: 'NORMAL' }));
    expect(header(none)).toContain('at an unknown share of its context)');
    expect(header(none)).not.toContain('0%');
  });

  it('names a task in progress, and no priority (most lists give none: the manifest ranks by place)', () => {
    const m = manifest((x) => {
      x.pending_tasks = [
        { task: 'Wire the parser', priority: 'HIGH', status: 'in_progress' },
        { task: 'Fix the crash the user reported', priority: 'HIGH', status: 'pending' },
        { task: 'Document the parser', priority: 'MEDIUM', status: 'pending' },
      ];
    });
    expect(renderPrompt(m, env(), label)).toContain(
      'Pending tasks:\n1. [in progress] Wire the parser\n2. Fix the crash the user reported\n3. Document the parser\n',
    );
  });

  it("gives the files touched once: the trail's list when there is one (it says what each edit did), else the manifest's", () => {
    const m = manifest((x) => (x.memory_pointers.modified_files = ['src/parser.ts']));
    expect(renderPrompt(m, env(), label)).toContain('Files touched (last edited first): src/parser.ts');
    const trail = ['Files the session changed (newest first; 5 more not shown):', '- src/parser.ts (created; defines parse)'];
    const withTrail = renderPrompt(m, env(), label, { trail });
    expect(withTrail).not.toContain('Files touched');
    expect(withTrail).toContain('- src/parser.ts (created; defines parse)');
  });
});
