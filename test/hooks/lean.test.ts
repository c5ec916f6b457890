// The hooks run on every commit and every agent turn: their entry must load none of the heavy
// dependencies (zod, secretlint, the tokenizer, the OpenAI SDK, MiniSearch, the MCP SDK), nor
// the snapshot store (with node:crypto), which only a save needs and which it imports itself.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Bundled packages (esbuild names them `// node_modules/<pkg>/…`, or `// ../main/node_modules/…` through a linked node_modules). */
const bundles = (text: string, pkg: string): boolean => new RegExp(`^// (?:\\.\\./)*(?:[^/\\n]+/)*node_modules/${pkg}/`, 'm').test(text);

describe('the fast entries of status and resume', () => {
  // status runs from statuslines and scripts, resume from every new session: neither loads the CLI's parser or what it does not use.
  const heavy = {
    'fast-status.cjs': ['zod', '@secretlint', 'gpt-tokenizer', 'openai', 'minisearch', '@modelcontextprotocol', 'commander'],
    'fast-resume.cjs': ['@secretlint', 'gpt-tokenizer', 'openai', '@modelcontextprotocol', 'commander', 'zod/v4/classic', 'zod/v4/locales/(?!en)'],
  };
  for (const [entry, packages] of Object.entries(heavy)) {
    it(`${entry} loads none of ${packages.join(', ')} before it runs`, () => {
      // resume's code is the CommonJS bundle its entry runs with the code cache (src/cli/code-cache.ts).
      const bundle = join(PROJECT, 'dist', entry.replace(/\.c?js$/, '.bundle.cjs'));
      const files = [...staticGraph(join(PROJECT, 'dist', entry)), ...(existsSync(bundle) ? [bundle] : [])];
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) for (const pkg of packages) expect(bundles(readFileSync(file, 'utf8'), pkg), `${file} bundles ${pkg}`).toBe(false);
    });
  }
  it('nothing in dist/ bundles secretlint: the save redacts with the compiled table (src/manifest/secretlint-rules.ts)', () => {
    const files = readdirSync(join(PROJECT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.c?js$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(bundles(readFileSync(join(PROJECT, 'dist', file), 'utf8'), '@secretlint'), file).toBe(false);
  });
  it('the CLI loads no MCP SDK before it runs: `git session mcp` imports dist/mcp.js when it runs', () => {
    const cli = join(PROJECT, 'dist', 'cli.js');
    expect(readFileSync(cli, 'utf8')).toContain('import("./mcp.js")');
    for (const file of staticGraph(cli)) expect(bundles(readFileSync(file, 'utf8'), '@modelcontextprotocol'), file).toBe(false);
  });

  it('resume loads no redactor: it parses and renders manifests, a save redacts them (src/manifest/parse.ts)', () => {
    const text = readFileSync(join(PROJECT, 'dist', 'fast-resume.bundle.cjs'), 'utf8');
    for (const file of ['src/manifest/redact.ts', 'src/manifest/secret-rules.ts', 'src/manifest/secretlint-rules.ts'])
      expect(text.includes(`// ${file}\n`), `fast-resume bundles ${file}`).toBe(false);
  });

  it('status is CommonJS run with the code cache: no ES module loader, no module file but its bundle before it runs', () => {
    for (const file of ['fast-status.cjs', 'fast-status.bundle.cjs']) {
      const text = readFileSync(join(PROJECT, 'dist', file), 'utf8');
      expect(text).toContain('module.exports');
      expect([...text.matchAll(/\brequire\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => m[1])).toEqual([]);
    }
    expect(readFileSync(join(PROJECT, 'dist', 'fast-status.cjs'), 'utf8')).toContain('src/cli/code-cache.ts');
  });
});

describe('the hooks entry point', () => {
  // Every commit and every agent turn start it: CommonJS, so that Node starts neither its ES module
  // loader nor a second module file before the hook runs (bin/package.json, build.mjs); its code is
  // one bundle the entry runs with V8's code cache (src/cli/code-cache.ts).
  const entry = join(PROJECT, 'dist', 'hook.cjs');
  const hook = join(PROJECT, 'dist', 'hook.bundle.cjs');

  it('is CommonJS that bin/git-session loads with require, and its bundle runs with the code cache', () => {
    for (const file of [entry, hook]) {
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('module.exports');
      expect([...text.matchAll(/\brequire\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => m[1])).toEqual([]);
    }
    expect(readFileSync(entry, 'utf8')).toContain('src/cli/code-cache.ts');
    expect(JSON.parse(readFileSync(join(PROJECT, 'bin', 'package.json'), 'utf8')).type).toBe('commonjs');
    const bin = readFileSync(join(PROJECT, 'bin', 'git-session'), 'utf8');
    expect(bin).toContain("'../dist/hook.cjs'");
    expect(bin).toContain('require(entry)');
  });

  it('loads no heavy dependency before it runs', () => {
    const text = readFileSync(hook, 'utf8');
    // esbuild names a bundled file by its path from the project: `// node_modules/zod/…`, or
    // `// ../main/node_modules/zod/…` in a worktree whose node_modules is a link.
    for (const heavy of ['zod', '@secretlint', 'gpt-tokenizer', 'openai', 'minisearch', '@modelcontextprotocol'])
      expect(bundles(text, heavy), `hook.cjs bundles ${heavy}`).toBe(false);
    expect(text.includes('// src/store/session-store.ts'), 'hook.cjs bundles the snapshot store').toBe(false);
    expect(/\brequire\("node:crypto"\)/.test(text), 'hook.cjs loads node:crypto').toBe(false);
    // Loaded when a process is started (src/builtins.ts): ~3 ms of every hook that starts none.
    expect(/\brequire\("node:child_process"\)/.test(text), 'hook.cjs loads node:child_process').toBe(false);
  });

  it('imports what only the heavier hooks need when they run, as ES modules of their own', () => {
    const text = readFileSync(hook, 'utf8');
    // `__import`: the loader's import(), which code run by vm.Script needs on Node 20 (build.mjs).
    expect(text).not.toMatch(/(?<![\w$.])import\s*\(/);
    const lazy = [...text.matchAll(/\b__import\("(\.\/[^"]+)"\)/g)].map((m) => m[1]!);
    expect(lazy).toContain('./hook-lazy/hooks/session-start.js');
    for (const file of lazy) expect(existsSync(join(PROJECT, 'dist', file)), file).toBe(true);
  });
});
