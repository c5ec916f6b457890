/**
 * One apply_patch of several files (Codex writes a feature and its progress notes in one patch):
 * the trail keeps what it wrote to each file under that file, so `recall` finds a note's facts.
 * Before, an edit of more than one file kept no change for any of them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const PATCH = [
  '*** Begin Patch',
  '*** Add File: /repo/internal/sem/provider.go',
  '+package sem',
  '+',
  '+const StableSymbolIDVersion = "1"',
  '*** Update File: /repo/internal/cli/root.go',
  '@@ func newRoot() *cobra.Command {',
  '-\troot.AddCommand(oldCmd())',
  '+\troot.AddCommand(snapshotCmd())',
  '*** Add File: /repo/docs/progress.md',
  '+# Progress',
  '+',
  '+- Added stable compound symbol IDs using `local/<repo>:<language>:<file-path>` with `stable_id_version`.',
  '*** Delete File: /repo/internal/sem/legacy.go',
  '*** End Patch',
].join('\n');

function trail() {
  const t = readTranscript(
    writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-patch.jsonl'), [
      codexLine(0, 'session_meta', { id: 'patch-files', cwd: '/repo', cli_version: '0.135.0' }),
      codexLine(1, 'response_item', {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Implement the provider and write progress notes' }],
      }),
      codexLine(2, 'response_item', { type: 'custom_tool_call', status: 'completed', call_id: 'p1', name: 'apply_patch', input: PATCH }),
      codexLine(3, 'response_item', {
        type: 'custom_tool_call_output',
        call_id: 'p1',
        output: 'Success. Updated the following files:\nA internal/sem/provider.go',
      }),
    ]),
  );
  return buildTrail(t.events, '/repo', '/repo');
}

describe('a patch of several files', () => {
  it('keeps what it wrote to each file under that file', () => {
    const files = trail().files.filter((f) => f.op !== 'read');
    const of = (path: string) => files.find((f) => f.path === path);
    expect(of('docs/progress.md')).toMatchObject({ op: 'created', change: expect.stringContaining('stable_id_version') });
    expect(of('internal/sem/provider.go')?.change).toContain('StableSymbolIDVersion');
    expect(of('internal/sem/provider.go')?.change).not.toContain('stable_id_version');
    expect(of('internal/cli/root.go')).toMatchObject({ op: 'modified', change: expect.stringContaining('snapshotCmd'), removed: 'root.AddCommand(oldCmd())' });
    expect(of('internal/sem/legacy.go')).toMatchObject({ op: 'deleted' });
    expect(of('internal/sem/legacy.go')?.change).toBeUndefined();
  });

  it('so recall answers from the note it wrote', () => {
    const hits = recall([{ sessionId: 'patch-files', snapshot: 's1', trail: trail() }], 'What format do the stable symbol IDs use?');
    expect(hits.map((h) => h.line).join('\n')).toContain('local/<repo>');
  });
});
