// `git session search` over 10,000 snapshots (1,000 sessions × 10, written with one `git fast-import`),
// next to `node -e 0` and to `git log -S` over the same ref (what a user would run without it), all
// measured in this run. Also the engine choice: MiniSearch (used) against FlexSearch on the same items.
// Target: a query on a warm cache ≤ 100 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { HistoryIndex, openHistoryIndex, queryTerms, searchIndex } from '../src/search/index.js';
import { openRepo } from '../src/store/index.js';
import { sessionDir } from '../src/store/session-store.js';
import { CLI, nodeBaseline, row, seededRandom, timeCommand, timeFn, verdict } from './lib.js';

const SESSIONS = 1000;
const PER_SESSION = 10;

const rand = seededRandom(42);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
const SYL = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'po', 'se', 'vi', 'do', 'gra', 'lin', 'tor', 'bex', 'qua', 'zen', 'fil', 'mar', 'cos', 'dun'];
const WORDS = [...new Set(Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYL)).join('')))];
const COMMON =
  'fix add test the parser cache api build config retry timeout error handler module docs update remove refactor flaky slow worker queue schema migration token auth route'.split(
    ' ',
  );
const sentence = (n: number): string => Array.from({ length: n }, () => (rand() < 0.4 ? pick(COMMON) : pick(WORDS))).join(' ');

function manifest(id: string, s: number, base: Record<string, string[]>): string {
  const done = [...base.done!, ...Array.from({ length: s }, (_, k) => `${base.done![0]} part ${k}`)];
  return JSON.stringify({
    schema_version: 2,
    session_metadata: {
      project: 'bench',
      timestamp: '2026-01-01T00:00:00Z',
      agent: 'claude-code',
      session_id: id,
      context_usage_before: { tokens: 1000, window: 200000, percent: 1, level: 'NORMAL' },
      generated_by: 'deterministic',
    },
    completed_tasks: done.slice(-10),
    pending_tasks: base.pending!.map((task) => ({ task, priority: 'HIGH', status: 'pending' })),
    active_state: { current_work: base.pending![0], last_command_run: { command: `npm test -- ${base.files![0]}`, outcome: 'ok' } },
    critical_context: {
      user_instructions: base.instructions!,
      key_decisions: base.decisions!,
      important_findings: [...base.findings!, ...(s > 5 ? [`${base.findings![0]} again in round ${s}`] : [])],
      blockers: base.blockers!,
      next_steps: [],
    },
    memory_pointers: { state_files: [], transcript: '/t.jsonl', modified_files: base.files!, deleted_files: [], reference_files: [], git_branch: 'main' },
    bootstrap_instructions: [],
    context_compression_metrics: { original_tokens: 1, manifest_tokens: 1, ratio: 1 },
  });
}

const repo = mkdtempSync(join(tmpdir(), 'gs-bench-search-'));
const git = (args: string[], input?: string) => spawnSync('git', args, { cwd: repo, input, encoding: 'utf8', maxBuffer: 1 << 30 });
git(['init', '-q', '-b', 'main']);
git(['commit', '-q', '--allow-empty', '-m', 'init', '--author', 'B <b@e>'], undefined);

// One fast-import: 10,000 snapshot commits, each replacing one session's manifest in the tree.
const bases = Array.from({ length: SESSIONS }, (_, i) => ({
  id: `bench-${String(i).padStart(4, '0')}-${Math.floor(rand() * 1e9).toString(16)}`,
  base: {
    pending: Array.from({ length: 4 }, () => sentence(7)),
    done: Array.from({ length: 6 }, () => sentence(6)),
    instructions: Array.from({ length: 2 }, () => sentence(8)),
    decisions: Array.from({ length: 3 }, () => sentence(10)),
    findings: Array.from({ length: 3 }, () => sentence(10)),
    blockers: [sentence(6)],
    files: Array.from({ length: 4 }, () => `src/${pick(WORDS)}/${pick(WORDS)}.ts`),
  },
}));
const parts: string[] = [];
const start = Math.floor(Date.now() / 1000) - SESSIONS * PER_SESSION * 60;
let n = 0;
for (let s = 0; s < PER_SESSION; s++) {
  for (const { id, base } of bases) {
    const msg = `session ${id.slice(0, 8)}: NORMAL 1%\n\nSession-Id: ${id}\nBranch: main\n`;
    const body = manifest(id, s, base);
    parts.push(
      `commit refs/agentflow/sessions\ncommitter Bench <bench@example.com> ${start + n++ * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}M 100644 inline sessions/${sessionDir(id)}/manifest.json\ndata ${Buffer.byteLength(body)}\n${body}\n`,
    );
  }
}
const t0 = performance.now();
const imported = git(['fast-import', '--quiet'], parts.join(''));
if (imported.status !== 0) throw new Error(imported.stderr);
console.log(`${n.toLocaleString('en-US')} snapshots of ${SESSIONS} sessions written by git fast-import in ${(performance.now() - t0).toFixed(0)} ms`);

const target = bases[SESSIONS / 2]!;
const query = target.base.findings[1]!.split(' ').slice(2, 7).join(' ');
const node = nodeBaseline();
const logS = timeCommand('git', ['log', '-S', query.split(' ')[0]!, '--format=%H', 'refs/agentflow/sessions'], { cwd: repo, runs: 3 });

const cold = timeCommand(process.execPath, [CLI, 'search', query], {
  cwd: repo,
  runs: 3,
  before: () => rmSync(join(repo, '.git', 'agentflow', 'search'), { recursive: true, force: true }),
});
const warm = timeCommand(process.execPath, [CLI, 'search', query], { cwd: repo, runs: 7 });
const r = openRepo(repo);
const load = await timeFn(() => HistoryIndex.load(r, queryTerms(query)), 5);
const fullLoad = await timeFn(() => HistoryIndex.load(r), 3);
const index = await openHistoryIndex(r);
const part = HistoryIndex.load(r, queryTerms(query))!;
const queryOnly = await timeFn(() => searchIndex(part, query), 21);
if (JSON.stringify(searchIndex(part, query)) !== JSON.stringify(searchIndex(index, query)))
  throw new Error('the partial index answers differently from the whole one');
const first = searchIndex(index, query)[0];
if (first?.sessionId !== target.id) throw new Error(`search ranked ${first?.sessionId} first, not ${target.id}`);
const size = ['meta.json', 'terms.tsv', 'items.ndjson', 'items.idx'].reduce((sum, f) => sum + statSync(join(HistoryIndex.dir(r), f)).size, 0);

// One more snapshot: the next search indexes only that one.
let extra = 0;
const incremental = timeCommand(process.execPath, [CLI, 'search', query], {
  cwd: repo,
  runs: 3,
  before: () => {
    const msg = `session new\n\nSession-Id: bench-new-${extra}\n`;
    const body = manifest(`bench-new-${extra++}`, 0, bases[0]!.base);
    git(
      ['fast-import', '--quiet'],
      `commit refs/agentflow/sessions\ncommitter Bench <bench@example.com> ${Math.floor(Date.now() / 1000)} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}from refs/agentflow/sessions^0\nM 100644 inline sessions/bench-new-${extra - 1}/manifest.json\ndata ${Buffer.byteLength(body)}\n${body}\n`,
    );
  },
});

// The alternative engine on the same items: build, query, and reload from its export.
const texts = Array.from({ length: index.itemCount }, (_, id) => index.item(id)!.text);
const mini = new MiniSearch({ fields: ['text'] });
const miniBuild = await timeFn(() => {
  const m = new MiniSearch({ fields: ['text'] });
  m.addAll(texts.map((text, id) => ({ id, text })));
}, 3);
mini.addAll(texts.map((text, id) => ({ id, text })));
const miniQuery = await timeFn(() => mini.search(query, { prefix: true, fuzzy: 0.2 }), 21);
const miniJson = JSON.stringify(mini);
const miniLoad = await timeFn(() => MiniSearch.loadJSON(miniJson, { fields: ['text'] }), 5);
const flex = new FlexSearch.Index({ tokenize: 'forward' });
const flexBuild = await timeFn(() => {
  const f = new FlexSearch.Index({ tokenize: 'forward' });
  texts.forEach((t, id) => f.add(id, t));
}, 3);
texts.forEach((t, id) => flex.add(id, t));
const flexQuery = await timeFn(() => flex.search(query, { limit: 10 }), 21);
const exported: Array<[string, string]> = [];
flex.export((key, data) => void exported.push([key, data]));
const flexBytes = exported.reduce((s, [, d]) => s + (d?.length ?? 0), 0);
const flexLoad = await timeFn(() => {
  const f = new FlexSearch.Index({ tokenize: 'forward' });
  for (const [k, d] of exported) f.import(k, d);
}, 5);
const flexTop = flex.search(query, { limit: 1 })[0];

console.log(
  `query: "${query}" (from a finding of session ${target.id}, ranked first); ${index.itemCount.toLocaleString('en-US')} distinct items; cache ${(size / 1e6).toFixed(1)} MB`,
);
row('node -e 0 (baseline)', node);
row(`git log -S${query.split(' ')[0]} refs/agentflow/sessions (baseline)`, logS, node);
row('git session search, cold cache (indexes 10,000)', cold, node);
row('git session search, warm cache (whole process)', warm, node);
row('git session search after one new snapshot', incremental, node);
row('  in process: read the cache for this query', load);
row('  in process: read the whole cache (to extend it)', fullLoad);
row('  in process: one query on the loaded index', queryOnly);
console.log('engine (same items, in process):');
row(`  MiniSearch build / query / load (${(miniJson.length / 1e6).toFixed(1)} MB)`, miniBuild);
row('  MiniSearch query', miniQuery);
row('  MiniSearch load', miniLoad);
row(`  FlexSearch build (forward tokenizer; export ${(flexBytes / 1e6).toFixed(1)} MB)`, flexBuild);
row('  FlexSearch query', flexQuery);
row('  FlexSearch load', flexLoad);
console.log(`  FlexSearch top hit is the right session: ${index.item(flexTop as number)?.sessionId === target.id}`);
const warmQuery = load + queryOnly;
console.log(
  `target: a query on a warm cache ≤ 100 ms → load + query ${warmQuery.toFixed(1)} ms ${verdict(warmQuery <= 100)}; whole process ${warm.toFixed(0)} ms (node alone ${node.toFixed(0)} ms)`,
);
// GS_BENCH_KEEP=1 keeps the repository for a closer look.
if (process.env.GS_BENCH_KEEP) console.log(`kept ${repo}`);
else rmSync(repo, { recursive: true, force: true });
