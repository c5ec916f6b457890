// The pseudo file "SessionStart hook context" is no file of the repository: a hook whose context
// differs at each start (a date, a lesson log) makes it a "file read three times", i.e. a reference
// file: a "Read …" step of the prompt and a file `git session resume` reports missing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { claudeUser, tempDir, writeJsonl } from '../helpers.js';

const hook = (uuid: string, source: string, minute: number, text: string) => ({
  type: 'attachment',
  uuid,
  sessionId: 'sess-1',
  cwd: '/tmp/project',
  timestamp: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  attachment: {
    type: 'hook_success',
    hookName: `SessionStart:${source}`,
    hookEvent: 'SessionStart',
    command: '/home/u/bin/prefs session-start',
    stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: text } }),
    stderr: '',
    exitCode: 0,
  },
});
const prefs = (day: string) => `Today is ${day}.\n- Always answer first, then explain.\n- Never push without saying what is pushed.`;

describe('the SessionStart hook context is not a file of the repository', () => {
  it('is no reference file, no "Read" step, however often the hook gave a new context', () => {
    const dir = tempDir();
    const transcript = readTranscript(
      writeJsonl(join(dir, 'hook-thrice.jsonl'), [
        hook('h1', 'startup', 1, prefs('Monday')),
        claudeUser('Ship the release notes', { timestamp: '2026-01-01T00:02:00.000Z' }),
        hook('h2', 'compact', 3, prefs('Tuesday')),
        hook('h3', 'compact', 5, prefs('Wednesday')),
      ]),
    );
    const m = extractManifest({ transcript, pressure: measurePressure(20_000, 200_000), git: { root: '/tmp/project', dirty: [], stateFiles: [] } });
    // A reference file: checkEnvironment (resume/verify.ts) reports it missing from the work tree.
    expect(m.memory_pointers.reference_files).not.toContain('SessionStart hook context');
    expect(m.bootstrap_instructions.join('\n')).not.toContain('SessionStart hook context');
  });
});
