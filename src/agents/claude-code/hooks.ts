import type { HookTable } from '../types.js';

/**
 * The Claude Code hooks git-session installs (`.claude/settings.json`), each command ending with
 * `mark`. SubagentStop carries the compaction summarizer's new summary (see hooks/compaction.ts).
 */
export function hookTable(cli: string, mark: string): HookTable {
  const h = (event: string, timeout: number) => [{ type: 'command' as const, command: `${cli} hook ${event} ${mark}`, timeout }];
  return {
    SessionStart: [{ matcher: 'startup|resume|clear|compact', hooks: h('session-start', 10) }],
    UserPromptSubmit: [{ hooks: h('prompt-submit', 10) }],
    PreCompact: [{ matcher: 'auto|manual', hooks: h('pre-compact', 60) }],
    SubagentStop: [{ hooks: h('subagent-stop', 5) }],
    PostCompact: [{ matcher: 'auto|manual', hooks: h('post-compact', 10) }],
    Stop: [{ hooks: h('stop', 5) }],
    SessionEnd: [{ hooks: h('session-end', 5) }],
  };
}
