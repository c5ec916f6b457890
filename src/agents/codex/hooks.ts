import type { HookTable } from '../types.js';

/**
 * The Codex CLI hooks git-session installs (`.codex/hooks.json`, the same nesting as Claude
 * Code's), each command ending with `mark`. Codex runs them only in a trusted project and once
 * each was reviewed (`/hooks`); SessionEnd's timeout is clamped to 3 s (its save runs detached);
 * after /compact it fires no SessionStart, so UserPromptSubmit gives back what the compaction dropped.
 */
export function hookTable(cli: string, mark: string): HookTable {
  const h = (event: string, timeout: number) => [{ type: 'command' as const, command: `${cli} hook ${event} ${mark}`, timeout }];
  return {
    SessionStart: [{ matcher: 'startup|resume|clear|compact', hooks: h('session-start', 10) }],
    UserPromptSubmit: [{ hooks: h('prompt-submit', 10) }],
    PreCompact: [{ matcher: 'manual|auto', hooks: h('pre-compact', 60) }],
    Stop: [{ hooks: h('stop', 5) }],
    SessionEnd: [{ hooks: h('session-end', 3) }],
  };
}
