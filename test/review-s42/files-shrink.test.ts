// Review s42: an old multi-file apply_patch keeps its per-file changes whole after shrinkOlder,
// while `change` and `removed` are bounded: the "bounded text for a log of any size" contract breaks.
import { expect, it } from 'vitest';
import { patchEdit } from '../../src/agents/codex/patch.js';
import { shrinkOlder, type TranscriptEvent } from '../../src/log/events.js';

it("shrinkOlder bounds an edit's per-file changes as it bounds its change", () => {
  const body = Array.from({ length: 60 }, (_, i) => `+- step ${i}: ${'detail '.repeat(8)}`).join('\n');
  const patch = `*** Begin Patch\n*** Add File: docs/plan.md\n+# Plan\n${body}\n*** Add File: docs/notes.md\n${body}\n*** End Patch`;
  const events = [patchEdit('p1', patch, undefined)!] as TranscriptEvent[];
  shrinkOlder(events, 0, 1);
  const e = events[0] as Extract<TranscriptEvent, { kind: 'edit' }>;
  expect(e.change!.length).toBeLessThanOrEqual(201);
  for (const f of e.files ?? []) expect(f.change?.length ?? 0).toBeLessThanOrEqual(201);
});
