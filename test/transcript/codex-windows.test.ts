/**
 * Codex on Windows runs its commands with `shell_command` (one PowerShell line, a `workdir` like
 * `D:\work\app`) and writes files with PowerShell when apply_patch is blocked (seen in real
 * Codex Desktop 0.142 rollouts): `@'…'@ | Set-Content code\app.py`. Before, none of its
 * commands was a command and "Files the session changed: none".
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandRuns } from '../../src/extract/commands.js';
import { extractManifest } from '../../src/extract/index.js';
import { measurePressure } from '../../src/monitor/index.js';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import { readTranscript } from '../../src/transcript/index.js';
import { codexLine, tempDir, writeJsonl } from '../helpers.js';

const CWD = 'D:\\work\\simclr';
const shell = (i: number, id: string, command: string) =>
  codexLine(i, 'response_item', {
    type: 'function_call',
    name: 'shell_command',
    arguments: JSON.stringify({ command, workdir: CWD, timeout_ms: 10000 }),
    call_id: id,
  });
const out = (i: number, id: string, exit: number, output = '') =>
  codexLine(i, 'response_item', { type: 'function_call_output', call_id: id, output: `Exit code: ${exit}\nWall time: 1.2 seconds\nOutput:\n${output}` });

const VISUALIZE = [
  'import matplotlib.pyplot as plt',
  '',
  'def plot_loss(log_path):',
  '    losses = [l for l in open(log_path) if "loss" in l]',
  '    return len(losses) > 0',
].join('\n');

function session() {
  const path = writeJsonl(join(tempDir(), 'rollout-2026-12-01T10-00-00-win.jsonl'), [
    codexLine(0, 'session_meta', { id: 'win', cwd: CWD, cli_version: '0.142.4' }),
    codexLine(1, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add the day-6 plotting script' }] }),
    shell(2, 'c1', `@'\n${VISUALIZE}\n'@ | Set-Content -Encoding UTF8 code\\visualize_results.py`),
    out(3, 'c1', 0),
    shell(4, 'c2', "(Get-Content -Encoding UTF8 code\\linear_probe.py) -replace 'data/', 'data_working/' | Set-Content -Encoding UTF8 code\\linear_probe.py"),
    out(5, 'c2', 0),
    shell(6, 'c3', 'Get-Acl data\\cifar-10-batches-py\\data_batch_4 | Format-List'),
    out(7, 'c3', 1, 'Get-Acl : Access is denied'),
    shell(8, 'c4', 'Remove-Item -Force code\\old_probe.py'),
    out(9, 'c4', 0),
    shell(10, 'c5', 'conda run -n MedAI python code\\linear_probe.py'),
    out(11, 'c5', 1, "PermissionError: [Errno 13] Permission denied: 'D:\\\\work\\\\simclr\\\\data\\\\cifar-10-batches-py'"),
    shell(12, 'c6', 'conda run -n MedAI python code\\linear_probe.py'),
    out(13, 'c6', 0, 'epoch 3/3, test accuracy: 0.2100'),
  ]);
  return readTranscript(path);
}

describe('a Codex session on Windows', () => {
  it('reads shell_command calls as commands, with how each ended', () => {
    const runs = commandRuns(session().events);
    expect(runs.map((r) => [r.command.split(/\s/)[0], r.outcome])).toEqual([
      ["@'", 'ok'],
      ['(Get-Content', 'ok'],
      ['Get-Acl', 'failed'],
      ['Remove-Item', 'ok'],
      ['conda', 'failed'],
      ['conda', 'ok'],
    ]);
  });

  it('names the files PowerShell wrote and deleted, relative to the Windows folder, and a failed read is no blocker', () => {
    const m = extractManifest({ transcript: session(), pressure: measurePressure(20_000, 258_400), git: { root: '/repo', dirty: [], stateFiles: [] } });
    expect(m.memory_pointers.modified_files).toEqual(['code/linear_probe.py', 'code/visualize_results.py']);
    expect(m.memory_pointers.deleted_files).toEqual(['code/old_probe.py']);
    expect(m.critical_context.blockers).toEqual([]);
    // Reading (Get-Acl) is never the last command.
    expect(m.active_state.last_command_run?.command).toBe('conda run -n MedAI python code\\linear_probe.py');
  });

  it("keeps what a here-string wrote as the file's content, and recall finds it by the code it defines", () => {
    const t = session();
    const trail = buildTrail(t.events, '/repo', CWD);
    const written = trail.files.find((f) => f.path === 'code/visualize_results.py')!;
    expect(written.by).toBe("`@'…'@ | Set-Content -Encoding UTF8 code\\visualize_results.py`");
    expect(written.change).toContain('plot_loss');
    const hits = recall([{ sessionId: 'win', snapshot: 's1', trail }], 'Where is plot_loss defined?');
    expect(hits[0]!.line).toContain('code/visualize_results.py');
  });
});
