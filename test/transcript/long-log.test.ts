// A long session: what a save keeps of work far from the end of the log (its facts, not its text),
// one event per tool call, and what a save of a big log costs in memory (bench/big.ts measures it
// on 500 MB).
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { readTranscript } from '../../src/transcript/index.js';
import { BIN, codexLine, git, isolatedEnv, tempDir, tempRepo, writeJsonl } from '../helpers.js';

const base = (i: number) => ({ sessionId: 'long', cwd: '/home/dev/app', timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString() });
const toolUse = (i: number, id: string, name: string, input: object) => ({
  ...base(i),
  type: 'assistant',
  message: {
    id: `m${i}`,
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'tool_use', id, name, input }],
    usage: { input_tokens: 5, output_tokens: 5 },
  },
});
const toolResult = (i: number, id: string, content: string, isError = false) => ({
  ...base(i),
  type: 'user',
  message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }] },
});
const say = (i: number, text: string) => ({
  ...base(i),
  type: 'assistant',
  message: { id: `s${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text }] },
});
const ask = (i: number, text: string) => ({ ...base(i), type: 'user', message: { role: 'user', content: text } });

describe('a tool call', () => {
  it('is one event: the command or the edit it made, else a tool event', () => {
    const path = writeJsonl(join(tempDir(), 'calls.jsonl'), [
      ask(0, 'fix the parser'),
      toolUse(1, 'b1', 'Bash', { command: 'npm test' }),
      toolUse(2, 'w1', 'Write', { file_path: '/home/dev/app/src/a.ts', content: 'x'.repeat(50_000) }),
      toolUse(3, 'r1', 'Read', { file_path: '/home/dev/app/README.md' }),
      toolUse(4, 'g1', 'Grep', { pattern: 'parse' }),
    ]);
    const events = readTranscript(path).events.filter((e) => e.kind !== 'usage');
    expect(events.map((e) => e.kind)).toEqual(['ask', 'command', 'edit', 'tool', 'tool']);
    expect(events.flatMap((e) => (e.kind === 'tool' ? [e.name] : []))).toEqual(['Read', 'Grep']);
    // The 50 KB a Write put in a file is not kept (nor redacted, nor held in memory) twice.
    expect(JSON.stringify(events).length).toBeLessThan(2000);
  });
});

const codex = codexLine;
const codexCall = (i: number, id: string, name: string, args: object) =>
  codex(i, 'response_item', { type: 'function_call', name, arguments: JSON.stringify(args), call_id: id });
const codexOutput = (i: number, id: string, output: string) => codex(i, 'response_item', { type: 'function_call_output', call_id: id, output });
const codexExit = (i: number, id: string, exitCode: number) => codex(i, 'event_msg', { type: 'exec_command_end', call_id: id, exit_code: exitCode });

describe('a Codex tool call', () => {
  it('is one event too, and its exit code corrects its result even after old events were dropped', () => {
    const lines: object[] = [
      codex(0, 'session_meta', { id: 'codex-long', cwd: '/home/dev/app' }),
      codex(1, 'event_msg', { type: 'user_message', message: 'make the build pass' }),
      codexCall(2, 'c-shell', 'shell', { command: ['bash', '-lc', 'npm run build'] }),
      codexCall(3, 'c-patch', 'apply_patch', { input: '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-a\n+b\n*** End Patch' }),
      codexCall(4, 'c-plan', 'update_plan', { plan: [{ step: 'fix the build', status: 'in_progress' }] }),
    ];
    // A command whose exit code comes long after its output: thousands of searches in between,
    // dropped once old, so every event after them moves.
    lines.push(codexCall(5, 'c-test', 'shell', { command: ['bash', '-lc', 'npm test'] }));
    lines.push(codexOutput(6, 'c-test', 'Tests: 3 passed'));
    for (let i = 0; i < 4000; i++) lines.push(codexCall(10 + i, `s${i}`, 'web_search', { query: `q${i}` }));
    lines.push(codexExit(5020, 'c-test', 1));
    const t = readTranscript(writeJsonl(join(tempDir(), 'rollout-long.jsonl'), lines), 'codex');
    // The shell call and the patch are a command and an edit, no tool event beside them; the plan
    // is its todo list (its old tool event dropped with the searches).
    expect(t.events.slice(0, 4).map((e) => e.kind)).toEqual(['ask', 'command', 'edit', 'todos']);
    expect(t.events.filter((e) => e.kind === 'tool' && ['shell', 'apply_patch'].includes(e.name))).toEqual([]);
    expect(t.events.filter((e) => e.kind === 'tool' && e.name === 'web_search').length).toBeLessThan(3100);
    // The exit code still lands on its result, and on nothing else.
    const result = t.events.find((e) => e.kind === 'result' && e.id === 'c-test');
    expect(result).toMatchObject({ ok: false, exitCode: 1 });
    expect(t.events.filter((e) => e.kind === 'result' && e.exitCode === 1)).toHaveLength(1);
  });
});

describe('a long log', () => {
  it('keeps the facts of work far from the end, not its text', () => {
    const lines: object[] = [
      ask(0, 'Make the importer handle every CSV dialect'),
      toolUse(1, 'read-old', 'Read', { file_path: '/home/dev/app/docs/csv.md' }),
      toolUse(2, 'grep-old', 'Grep', { pattern: 'dialect' }),
      toolUse(3, 'edit-old', 'Edit', { file_path: '/home/dev/app/src/legacy.ts', old_string: 'a', new_string: 'b' }),
      toolUse(4, 'lint-old', 'Bash', { command: 'npm run lint' }),
      toolResult(5, 'lint-old', `lint failed: ${'src/legacy.ts:1 no-unused-vars '.repeat(200)}`, true),
      say(6, `I decided to keep the legacy reader behind a flag. ${'Details of the reasoning. '.repeat(400)}`),
    ];
    // Thousands of successful test runs later (well past what is kept whole).
    for (let i = 0; i < 4000; i++) {
      lines.push(toolUse(10 + 2 * i, `t${i}`, 'Bash', { command: `npm test -- case${i}` }));
      lines.push(toolResult(11 + 2 * i, `t${i}`, `ok case${i} `.repeat(300)));
    }
    const path = writeJsonl(join(tempDir(), 'long.jsonl'), lines);
    const t = readTranscript(path);

    // Old work is there, shortened: the failure keeps its head and tail, the success no output,
    // the old read its file, the old reply its first and last words; the search call is gone.
    const failure = t.events.find((e) => e.kind === 'result' && e.id === 'lint-old');
    expect(failure).toMatchObject({ ok: false });
    expect(failure?.kind === 'result' && failure.output).toMatch(/^lint failed: src\/legacy\.ts:1/);
    expect(failure?.kind === 'result' && failure.output.length).toBeLessThan(500);
    const oldOk = t.events.find((e) => e.kind === 'result' && e.id === 't0');
    expect(oldOk).toMatchObject({ ok: true, output: '' });
    expect(t.events.find((e) => e.kind === 'tool' && e.id === 'read-old')).toMatchObject({ input: { file_path: '/home/dev/app/docs/csv.md' } });
    expect(t.events.some((e) => e.kind === 'tool' && e.id === 'grep-old')).toBe(false);
    const oldSay = t.events.find((e) => e.kind === 'say');
    expect(oldSay?.kind === 'say' && oldSay.text.length).toBeLessThan(500);
    expect(oldSay?.kind === 'say' && oldSay.text).toMatch(/^I decided to keep the legacy reader behind a flag\./);
    // Times go, but a prompt's (a rewind is told by them).
    expect(t.events.slice(0, 1000).filter((e) => e.kind !== 'usage' && e.kind !== 'ask' && e.at !== undefined)).toEqual([]);
    expect(t.events.slice(0, 1000).some((e) => e.kind === 'ask' && e.at !== undefined)).toBe(true);

    // Recent work is whole.
    const last = t.events.findLast((e) => e.kind === 'result');
    expect(last?.kind === 'result' && last.output.trim()).toBe('ok case3999 '.repeat(300).trim());

    // And the manifest still states what the old work established.
    const m = extractManifest({ transcript: t, pressure: measurePressure(100_000, 200_000), git: { root: '/home/dev/app', dirty: [], stateFiles: [] } });
    expect(m.memory_pointers.modified_files).toContain('src/legacy.ts');
    expect(m.critical_context.blockers.join('\n')).toContain('npm run lint');
    expect(m.critical_context.key_decisions.join('\n')).toContain('keep the legacy reader behind a flag');
  });
});

/** A log of about `mb` megabytes shaped like bench/big.ts's: asks, commands and edits, 5 KB outputs. */
function bigLog(path: string, mb: number): string {
  writeFileSync(path, '');
  for (let i = 0, size = 0; size < mb << 20;) {
    const lines: object[] = [];
    for (const end = i + 1000; i < end; i++) {
      if (i % 50 === 0) lines.push(ask(i, `step ${i}: make the parser handle case ${i}`));
      else if (i % 3 === 0) lines.push(toolResult(i, `t${i - 1}`, `ok ${i} `.repeat(900)));
      else if (i % 2) lines.push(toolUse(i, `t${i}`, 'Bash', { command: `npm test -- case${i}` }));
      else lines.push(toolUse(i, `t${i}`, 'Edit', { file_path: `/home/dev/app/src/p${i % 40}.ts`, old_string: 'a', new_string: 'b' }));
    }
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    appendFileSync(path, text);
    size += text.length;
  }
  return path;
}

describe('a save of a big log', () => {
  it('costs the memory of what it keeps, not of the log: 50 MB peaks within 40 MB of 1 MB, and the trail is stored', () => {
    const dir = tempDir();
    const env = isolatedEnv();
    const repo = tempRepo(env);
    const rssFile = join(dir, 'rss');
    const preload = join(dir, 'rss.cjs');
    // The process's peak RSS on exit (kilobytes, the kernel's own accounting), as bench/big.ts takes it.
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
    const peakMb = (mb: number): number => {
      const log = bigLog(join(dir, `${mb}mb.jsonl`), mb);
      const r = spawnSync(process.execPath, ['--require', preload, BIN, 'save', '--no-llm', '-t', log], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return Number(readFileSync(rssFile, 'utf8')) / 1024;
    };
    const small = peakMb(1);
    const big = peakMb(50);
    expect(git(repo, ['ls-tree', '-r', '--name-only', 'refs/agentflow/sessions'], env)).toContain('trail/commands/0000.jsonl');
    // Condensing the trail of 12,000 commands and edits re-serialised and deflated all of it each
    // round, outside the bounded heap: 148 MB against 73 MB (and 480 MB on 500 MB); 98 MB since.
    expect(big - small).toBeLessThan(40);
  }, 120_000);
});
