/** `install --claude` and `install --codex`: the agents' hook files, and taking them out again. */
import { join } from 'node:path';
import { claudeCode, codex } from '../agents/index.js';
import type { Repo } from '../store/index.js';
import { MARK } from './command.js';
import { configStep, planHookFile, unmergeHookFile, type Edit, type InstallReport, type Settings, type Step } from './files.js';
import type { InstallRecord } from './records.js';

export function planClaude(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport, steps: Step[], configSteps: Step[]): void {
  const path = join(repo.root, '.claude', 'settings.json');
  const actions: string[] = [];
  const statusline = (settings: Settings): Edit[] => {
    const statusLine = settings.statusLine as { type?: string; command?: string } | undefined;
    if (statusLine?.command?.endsWith(MARK)) return [];
    if (statusLine?.command) {
      configSteps.push(configStep(repo, 'agentflow.statusline.wrap', statusLine.command, 'set'));
      rec.wrappedStatusline = statusLine.command;
    }
    actions.push(
      statusLine?.command
        ? `statusline: git-session now wraps your statusline command (agentflow.statusline.wrap)`
        : 'statusline: git-session statusline caches the agent’s own context figures',
    );
    const ours = `${cmd} statusline ${MARK}`;
    return statusLine && typeof statusLine === 'object'
      ? [
          [['statusLine', 'type'], 'command'],
          [['statusLine', 'command'], ours],
        ]
      : [[['statusLine'], { type: 'command', command: ours }]];
  };
  const record = planHookFile(path, claudeCode.hookTable(cmd, MARK), rec.claude, 'claude', steps, statusline);
  if (!record) return void report.actions.push(`Claude Code hooks already installed in ${path}`);
  rec.claude = record;
  report.actions.push(...actions, `added ${Object.keys(claudeCode.hookTable(cmd, MARK)).join(', ')} hooks to ${path}`);
}

export function uninstallClaude(rec: InstallRecord, report: InstallReport): void {
  if (!rec.claude) return;
  const restoreStatusline = (settings: Settings): Edit[] => {
    const sl = settings.statusLine as { command?: string } | undefined;
    if (!sl?.command?.endsWith(MARK)) return [];
    return rec.wrappedStatusline ? [[['statusLine', 'command'], rec.wrappedStatusline]] : [[['statusLine'], undefined]];
  };
  if (!unmergeHookFile(rec.claude, report, restoreStatusline)) return;
  delete rec.claude;
  delete rec.wrappedStatusline;
}

export function planCodex(repo: Repo, rec: InstallRecord, cmd: string, report: InstallReport, steps: Step[]): void {
  const path = join(repo.root, '.codex', 'hooks.json');
  const record = planHookFile(path, codex.hookTable(cmd, MARK), rec.codex, 'codex', steps);
  if (!record) return void report.actions.push(`Codex hooks already installed in ${path}`);
  rec.codex = record;
  report.actions.push(
    `added ${Object.keys(codex.hookTable(cmd, MARK)).join(', ')} hooks to ${path}. Codex runs project hooks only in a trusted project, after you review them: start \`codex\` here, trust the project when asked (or run \`codex exec --trust\` once), then review and approve the git-session hooks with /hooks. \`git session doctor\` says which hooks Codex will run.`,
  );
}
