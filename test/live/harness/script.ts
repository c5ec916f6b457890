/** Scripted conversations for the mock models: which replies answer which prompt, step by step. */

/** One user prompt of a scenario and the model's replies to it, one per request of that turn. */
export interface ScriptedTurn<R> {
  /** Matches the user's prompt. */
  when: RegExp;
  /** Reply n answers the n-th request of the turn (the first, then one after each round of tool results). */
  steps: R[];
}

/**
 * A script from turns: the request's last prompt picks the turn, its step within the turn picks
 * the reply; past the last step (or for an unknown prompt) the turn ends with `fallback`.
 */
export function scripted<R>(turns: ScriptedTurn<R>[], prompt: (body: any) => string | undefined, step: (body: any) => number, fallback: R): (body: any) => R {
  return (body) => {
    const p = prompt(body) ?? '';
    // The newest matching turn wins: a later prompt may repeat an earlier one's words.
    const turn = turns.findLast((t) => t.when.test(p));
    return turn?.steps[step(body)] ?? fallback;
  };
}
