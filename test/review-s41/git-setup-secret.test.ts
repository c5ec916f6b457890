// Finding 4 (medium): src/trail/brief.ts:219-221 (setupChangesIn, src/extract/git-setup.ts:45)
// copies every `git config` that set a value into the resume prompt, value and all. The redactor
// the events went through does not know a password or token given as a config value
// (`git config --global user.password …`, `git config --global github.token <40 hex>`), and these
// are exactly the commands this line picks out: the secret is put into the prompt a model reads.
import { describe, expect, it } from 'vitest';
import { redactDeep } from '../../src/manifest/index.js';
import { trailBrief } from '../../src/trail/brief.js';
import { buildTrail } from '../../src/trail/build.js';
import { sessionFacts } from '../../src/trail/session-facts.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';
import { manifest as sampleManifest } from '../resume/manifest.js';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const PASSWORD = 'Tr0ub4dor3xyzzy';

describe("the prompt's git setup line", () => {
  it('never carries the value of a secret setting', async () => {
    const raw: TranscriptEvent[] = [
      { kind: 'ask', text: 'Make pushes to the mirror work without prompting.' },
      { kind: 'command', id: 'c1', command: `git config --global github.token ${TOKEN}` },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
      { kind: 'command', id: 'c2', command: `git config --global user.password ${PASSWORD}` },
      { kind: 'result', id: 'c2', ok: true, exitCode: 0, output: '' },
    ];
    // As the save does: every event through the redactor first (src/session/redact-transcript.ts).
    const { value: events } = await redactDeep(raw);
    const brief = trailBrief({ ...buildTrail(events, '/repo', '/repo'), session: sessionFacts({}, 'claude-code', events) }, sampleManifest()).join('\n');
    expect(brief).toContain('git setup changed');
    expect(brief).not.toContain(TOKEN);
    expect(brief).not.toContain(PASSWORD);
  });
});
