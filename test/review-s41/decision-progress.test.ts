// Finding 6 (low): src/extract/prose.ts reasonedWay / RULED_OUT (lines ~41-47) and undone.ts:18.
// Any negation or "only" in the reason makes "<reason>, so I'm <doing X>" a decision, so plain
// progress reports ("I haven't read the config yet, so I'm reading it now") become the manifest's
// decisions; and "let me … since" takes the time word ("since yesterday") for a reason.
import { describe, expect, it } from 'vitest';
import { isDecision } from '../../src/extract/prose.js';
import { isDecisionSentence } from '../../src/extract/undone.js';

describe('progress is no decision', () => {
  it.each([
    "I haven't read the config yet, so I'm reading it now.",
    "The build doesn't compile yet, so I'm fixing the missing import.",
    "Only one test failed, so I'm looking at that one first.",
    "The server is not up yet, so I'll wait a few seconds and poll again.",
  ])('%s', (s) => expect(isDecision(s)).toBe(false));

  it('"since" as a time is no reason', () => {
    expect(isDecisionSentence('Let me look at what changed since yesterday.')).toBe(false);
  });
});
