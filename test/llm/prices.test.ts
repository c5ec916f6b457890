import { describe, expect, it } from 'vitest';
import { callCost } from '../../src/llm/prices.js';

describe('the price table', () => {
  it('prices a call from the per-million rates of the model it names', () => {
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(callCost('gpt-4o-mini', 'https://api.openai.com/v1', 1_000_000, 1_000_000)).toBe(0.75);
    expect(callCost('openai/gpt-4o-mini-2024-07-18', 'https://openrouter.ai/api/v1', 2000, 500)).toBe(0.0006);
    expect(callCost('deepseek-chat', undefined, 1_000_000, 0)).toBe(0.27);
    // The first matching row wins: flash-lite is not priced as flash.
    expect(callCost('gemini-2.0-flash-lite', undefined, 1_000_000, 0)).toBe(0.075);
    expect(callCost('gemini-2.5-flash', undefined, 1_000_000, 0)).toBe(0.3);
  });

  it('says 0 for free tiers and for servers on this machine, and unknown for models it has no price for', () => {
    expect(callCost('qwen/qwen-2.5-coder-32b-instruct:free', 'https://openrouter.ai/api/v1', 5000, 5000)).toBe(0);
    expect(callCost('gpt-4o-mini', 'http://127.0.0.1:11434/v1', 5000, 5000)).toBe(0);
    expect(callCost('gpt-4o-mini', 'http://localhost:8000/v1', 5000, 5000)).toBe(0);
    expect(callCost('some-new-model', 'https://example.com/v1', 5000, 5000)).toBeUndefined();
  });
});
