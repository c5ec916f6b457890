// A question that names code ("how does applyFilters() work now?", "why `window.removeModel`?")
// asks for the changes that hold it, whole, whatever other words they share with the question.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { codeNamesIn, editsNamed } from '../../src/trail/code-names.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

/** A function's new body, long enough to span passages, with its decisive call at the end. */
const APPLY_FILTERS = [
  '@@ function applyFilters() {',
  '    if (!timeline || !groups) return;',
  '    // Get active filter types from the filter toggles in the toolbar above the timeline',
  "    const activeTypes = Array.from(document.querySelectorAll('.filter-toggle.active')).map((toggle) => toggle.dataset.type);",
  '    // Update the visibility of every group from the filter states, one object per group',
  '    const updatedGroups = groups.map((group) => ({ ...group, visible: activeTypes.includes(group.id) }));',
  '    // Hand the groups back to the vis library',
  '    timeline.setGroups(updatedGroups);',
].join('\n');

const edit = (id: string, path: string, change: string, removed?: string): TranscriptEvent[] => [
  { kind: 'edit', id, paths: [path], change, ...(removed ? { removed } : {}), tool: 'Edit' },
  { kind: 'result', id, ok: true, output: 'The file has been updated.' },
];

describe('a question that names code', () => {
  it('gives its names: called, camel or snake case, the last part of a dotted name', () => {
    expect(codeNamesIn('How does applyFilters() work now, and why `window.removeModel`? What of parse_header and the timeline?')).toEqual([
      'applyFilters',
      'removeModel',
      'parse_header',
    ]);
    expect(editsNamed('file a.js: modified (Edit); edits in applyFilters', ['applyFilters'])).toBe(true);
    expect(editsNamed('file a.js: modified (Edit); edits define applyFiltersLater', ['applyFilters'])).toBe(false);
  });

  it("gets the whole change of the function its file's edits went into", () => {
    const events = [
      { kind: 'ask', text: 'Hide the whole group when its filter is off' } as TranscriptEvent,
      ...edit('e1', '/repo/timeline.html', APPLY_FILTERS, 'timeline.setItems(items.filter((item) => !item.hidden));'),
      ...edit(
        'e2',
        '/repo/timeline.html',
        "'sidechain': { id: 'sidechain', style: 'background-color: #ffeee1;' }",
        "'sidechain': { id: 'sidechain', style: 'background-color: #e8f5e8;' }",
      ),
    ];
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];
    const hit = recall(trails, 'Which files were modified, and how does applyFilters() work now?').find((h) => h.kind === 'files')!;
    expect(hit.line).toContain('edits in applyFilters');
    expect(hit.line).toContain('timeline.setGroups(updatedGroups)');
  });

  it('gets the change of a named file that holds the code, not only its newest changes', () => {
    const later = Array.from({ length: 6 }, (_, i) =>
      edit(`l${i}`, '/repo/public/tokenizer.js', `function renderToken${i}(token) {\n  return \`<span class="token">\${token.text}</span>\`\n}`),
    ).flat();
    const events = [
      { kind: 'ask', text: 'The delete button does nothing' } as TranscriptEvent,
      ...edit('e1', '/repo/public/tokenizer.js', 'window.removeModel = function(modelName) {', 'function removeModel(modelName) {'),
      ...later,
    ];
    const trails = [{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }];
    const lines = recall(trails, 'Why was removeModel changed to `window.removeModel = function(...)` in tokenizer.js?').map((h) => h.line);
    expect(lines.find((l) => l.startsWith('file public/tokenizer.js'))).toContain('window.removeModel = function(modelName)');
  });
});
