import { describe, expect, it } from 'vitest';
import { diffManifests } from '../../src/resume/diff.js';
import { manifest } from './manifest.js';

describe('diffManifests', () => {
  it('says nothing for the same state, whatever the timestamp and metrics', () => {
    expect(
      diffManifests(
        manifest(),
        manifest((m) => ((m.session_metadata.timestamp = '2026-11-25T00:00:00Z'), (m.context_compression_metrics.ratio = 1))),
      ),
    ).toEqual([]);
  });

  it('lists added and removed items and changed values, section by section', () => {
    const next = manifest((m) => {
      m.session_metadata.context_usage_before = { ...m.session_metadata.context_usage_before, percent: 85, level: 'CRITICAL' };
      m.completed_tasks.push('Wire the parser');
      m.pending_tasks = [{ task: 'Document the parser', priority: 'LOW', status: 'pending' }];
      m.active_state.last_command_run = { command: 'npm test', outcome: 'ok', exit_code: 0 };
      m.critical_context.blockers = [];
      m.critical_context.user_instructions.push('Use fetch, not axios');
      m.memory_pointers.deleted_files = ['src/old.ts'];
    });
    const d = diffManifests(manifest(), next);
    expect(d).toContain('~ context: NORMAL 50% → CRITICAL 85%');
    expect(d).toContain('+ completed: Wire the parser');
    expect(d).toContain('- pending: [HIGH, in progress] Wire the parser');
    expect(d).toContain('+ pending: [LOW] Document the parser');
    expect(d).toContain('- blockers: `npm test` fails: 1 failed');
    expect(d).toContain('+ instruction: Use fetch, not axios');
    expect(d).toContain('+ deleted file: src/old.ts');
    // The last command as a line a person reads, not JSON.
    expect(d).toContain('~ last command: `npm test` → failed (exit 1) → `npm test` → ok (exit 0)');
  });

  it('strips terminal escapes from a hostile manifest', () => {
    const d = diffManifests(
      manifest(),
      manifest((m) => m.completed_tasks.push('\u001b[31mred\u001b[0m done')),
    );
    expect(d).toEqual(['+ completed: red done']);
  });
});
