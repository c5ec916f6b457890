// Finding 2 (medium): src/extract/files.ts writtenAndDeleted (line ~146) runs powershellFiles on
// every command line of every session, bash ones too, and on the command *with* its here-document
// bodies (withoutHeredocs is applied to the bash parse only). A Linux/macOS agent that writes a doc
// or a commit message holding PowerShell text gets files "written" and "deleted" it never touched.
import { describe, expect, it } from 'vitest';
import { commandRuns } from '../../src/extract/commands.js';
import { commandFiles, fileFacts } from '../../src/extract/files.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const DOC = "cat > docs/windows.md <<'EOF'\n# Windows setup\nRemove-Item build -Recurse\nSet-Content config.json '{}'\nEOF";
const COMMIT = "git commit -F - <<'EOF'\nRemove-Item calls replaced by fs.rm\nEOF";

describe('a bash here-document that holds PowerShell text', () => {
  it('writes only the file it is redirected into', () => {
    expect(commandFiles(DOC)).toEqual({ written: ['docs/windows.md'], deleted: [], created: [] });
  });

  it('a commit message fed on stdin deletes nothing', () => {
    expect(commandFiles(COMMIT).deleted).toEqual([]);
  });

  it("is not among the session's changed or deleted files (Linux session)", () => {
    const events: TranscriptEvent[] = [
      { kind: 'command', id: 'c1', command: DOC },
      { kind: 'result', id: 'c1', ok: true, exitCode: 0, output: '' },
    ];
    const facts = fileFacts(events, commandRuns(events), '/repo', '/repo');
    expect(facts.modified).toEqual(['docs/windows.md']);
    expect(facts.deleted).toEqual([]);
  });
});
