// The hooks run on every commit and every agent turn: their entry must load none of the heavy
// dependencies (zod, secretlint, the tokenizer, the OpenAI SDK, MiniSearch, the MCP SDK), nor
// the snapshot store (with node:crypto), which only a save needs and which it imports itself.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from '../helpers.js';

/** Every file the module loads before it runs: its static imports, transitively. */
function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?["'](\.{1,2}\/[^"']+)["'];?$/gm)) visit(join(dirname(file), m[1]!));
  };
  visit(entry);
  return [...seen];
}

describe('the hooks entry point', () => {
  it('loads no heavy dependency before it runs', () => {
    const files = staticGraph(join(PROJECT, 'dist', 'hook.js'));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const heavy of ['node_modules/zod/', 'node_modules/@secretlint/', 'node_modules/gpt-tokenizer/', 'node_modules/openai/', 'node_modules/minisearch/', 'node_modules/@modelcontextprotocol/']) expect(text.includes(`// ${heavy}`), `${file} bundles ${heavy}`).toBe(false);
      expect(text.includes('// src/store/session-store.ts'), `${file} bundles the snapshot store`).toBe(false);
      expect(/^import .* from "node:crypto";$/m.test(text), `${file} loads node:crypto`).toBe(false);
    }
  });
});
