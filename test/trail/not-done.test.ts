// "What is still not done?" shares no word with its answer: the agent's last words, the open plan,
// and what the user turned down and nothing ran later.
import { describe, expect, it } from 'vitest';
import { buildTrail } from '../../src/trail/build.js';
import { recall } from '../../src/trail/recall.js';
import type { TranscriptEvent } from '../../src/transcript/index.js';

const run = (id: string, command: string, result: Omit<Extract<TranscriptEvent, { kind: 'result' }>, 'kind' | 'id'>): TranscriptEvent[] => [
  { kind: 'command', id, command },
  { kind: 'result', id, ...result },
];
const REJECTED = {
  ok: false,
  output:
    "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).",
};

const session = (after: TranscriptEvent[] = []): TranscriptEvent[] => [
  { kind: 'ask', text: 'Fix the fallback of the project segment. Do not push, do not open a PR.' },
  ...run('c1', 'go test ./segments/...', { ok: true, exitCode: 0, output: 'ok  segments 0.41s' }),
  ...run('c2', 'golangci-lint run ./segments/... --timeout 5m', REJECTED),
  ...after,
  { kind: 'say', text: "All segments tests pass and go build succeeds. Not pushed or PR'd, per your instruction: just the local commit cde612d1 on next." },
];
const answer = (events: TranscriptEvent[], question: string): string =>
  recall([{ sessionId: 's', snapshot: 'x', trail: buildTrail(events, '/repo', '/repo') }], question)
    .map((h) => h.line)
    .join('\n');

describe('what is still not done', () => {
  it.each(['What is still not done at the end of the session?', 'What is unfinished?', 'Anything outstanding?'])('%s', (question) => {
    const text = answer(session(), question);
    expect(text).toContain("Not pushed or PR'd");
    expect(text).toContain('golangci-lint run ./segments/... --timeout 5m` → rejected by the user (not run)');
  });

  it('leaves out a call turned down that ran later after all', () => {
    const text = answer(
      session(run('c3', 'golangci-lint run ./segments/... --timeout 5m', { ok: true, exitCode: 0, output: '0 issues.' })),
      'What is still not done?',
    );
    expect(text).toContain("Not pushed or PR'd");
    expect(text).not.toContain('rejected by the user');
  });
});

describe('work the agent said is still open', () => {
  const filler = Array.from({ length: 12 }, (_, i) => `Module ${i} renders its frames with Jinja and its tests are green.`).join(' ');
  const events: TranscriptEvent[] = [
    { kind: 'ask', text: 'Build the renderer from the spec.' },
    { kind: 'say', text: `Implemented the renderer. ${filler} One residual risk remains: sampled gzip sizes are above the spec's badge targets.` },
    { kind: 'turn-end' },
    { kind: 'ask', text: 'Fetch a real snapshot for the demo repository.' },
    { kind: 'say', text: 'I fetched a real snapshot: 2881 stars, 280 forks, 60 issues, Python, MIT.' },
    { kind: 'turn-end' },
  ];

  it('answers "what is left" from an earlier answer, by what it says is still open', () => {
    expect(answer(events, 'What known gap is still open after the build was declared complete?')).toContain('One residual risk remains');
  });
});

describe('work said to be open in other words, or in other languages', () => {
  // One long report: what it shows of it is the passages that answer the question.
  const report = (open: string): TranscriptEvent[] => [
    { kind: 'ask', text: 'Finish the day-6 work: plots and the saved classifier' },
    {
      kind: 'say',
      text: [
        ...Array.from({ length: 8 }, (_, i) => `Day-6 step ${i + 1}: the figure script writes report/figures/plot_${i}.png from the training log.`),
        open,
        ...Array.from({ length: 8 }, (_, i) => `Day-6 check ${i + 1}: the linear probe reads its checkpoint and prints the accuracy per class.`),
      ].join('\n\n'),
    },
  ];
  it.each([
    ['Chinese', 'day-6 的分类器已保存，但被 .gitignore 忽略，需要后面用 `git add -f checkpoints/linear_classifier.pth`。', '需要后面用'],
    ['Korean', 'day-6 의 분류기 파일은 아직 커밋되지 않았습니다: `git add -f checkpoints/linear_classifier.pth` 로 추가해야 합니다.', '아직 커밋되지'],
  ])('%s, for a question that asks what is still not done', (_, open, shown) => {
    expect(answer(report(open), 'What is still not done before the day-6 work is handed in?')).toContain(shown);
  });
});
