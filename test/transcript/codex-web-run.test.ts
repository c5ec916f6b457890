// Codex's web tool (`run` in the `web` namespace) returns the pages it found: their words are no
// failure of the call, though a page may say "verification failed" as a rejected patch does.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

describe("a Codex web search's pages", () => {
  it('are its output, not its failure; a rejected apply_patch still fails', () => {
    const page =
      'CodeRabbit Documentation (https://docs.coderabbit.ai/changelog)\nAutofix completed but verification failed\nBuild/verification can fail after code edits.';
    const path = writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-web.jsonl'), [
      codexLine(0, 'session_meta', { id: 'cdx-web', cwd: '/repo', cli_version: '0.145.0' }),
      codexLine(1, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Configure CodeRabbit for stacked PRs' }] }),
      codexLine(2, 'response_item', {
        type: 'function_call',
        name: 'run',
        namespace: 'web',
        arguments: JSON.stringify({ search_query: [{ q: 'site:docs.coderabbit.ai stacked pull requests' }] }),
        call_id: 'w1',
      }),
      codexLine(3, 'response_item', { type: 'function_call_output', call_id: 'w1', output: [{ type: 'input_text', text: page }] }),
      codexLine(4, 'response_item', {
        type: 'custom_tool_call',
        name: 'apply_patch',
        input: '*** Begin Patch\n*** Update File: a.yml\n@@\n-x\n+y\n*** End Patch',
        call_id: 'p1',
      }),
      codexLine(5, 'response_item', {
        type: 'custom_tool_call_output',
        call_id: 'p1',
        output: 'apply_patch verification failed: Failed to find expected lines in /repo/a.yml',
      }),
    ]);
    const { events } = readTranscript(path);
    const results = events.filter((e) => e.kind === 'result');
    expect(results.find((r) => r.kind === 'result' && r.id === 'w1')).toMatchObject({ ok: true });
    expect(results.find((r) => r.kind === 'result' && r.id === 'p1')).toMatchObject({ ok: false });
    // No tool failure in the trail for the search.
    const tools = buildTrail(events, '/repo', '/repo').tools;
    expect(tools.filter((t) => t.outcome === 'failed').map((t) => t.text)).toEqual([]);
  });
});
