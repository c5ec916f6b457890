import { renderSummary } from '../../resume/index.js';
import { resumeBriefing } from '../../session/briefing.js';
import { color, io, printJson } from '../output.js';
import { relatedWorkRecord } from '../../session/records.js';
import { readHookInput } from '../../hooks/input.js';

export interface ResumeOptions {
  hook?: boolean;
  session?: string;
  json?: boolean;
  prompt?: boolean;
}

export async function run(opts: ResumeOptions): Promise<number> {
  if (opts.hook) {
    // Installed by older versions as the SessionStart hook: the same as `git session hook session-start`.
    const { sessionStart } = await import('../../hooks/session-start.js');
    await sessionStart(await readHookInput());
    return 0;
  }
  const { store, snapshot, manifest, local, environment: env, hints, prompt } = await resumeBriefing({ sessionId: opts.session });
  const label = { ...snapshot, fetched: !local };
  // A newer snapshot fetched from elsewhere is named, never chosen for the user.
  const newest = opts.session ? undefined : store.newestPerSession()[0];
  const newer = newest && newest.commit !== snapshot.commit && local ? newest : undefined;
  if (opts.json) {
    printJson({
      snapshot: snapshot.commit,
      date: snapshot.date,
      session_id: snapshot.sessionId,
      local,
      saved_by: snapshot.savedBy ?? null,
      environment: env,
      manifest,
      related_work: hints.earlierWork.map(relatedWorkRecord),
      related_files: hints.relatedFiles,
      prompt,
    });
  } else if (opts.prompt) {
    io().stdout.write(`${prompt}\n`);
  } else {
    const hint = newer
      ? `\n${color.dim(`A newer snapshot was fetched from another clone (session ${newer.sessionId.slice(0, 12)}, saved by ${newer.savedBy ?? 'an unknown author'}): git session resume -s ${newer.sessionId.slice(0, 12)}`)}`
      : '';
    io().stdout.write(`${renderSummary(manifest, env, label)}${hint}\n\n${color.dim('Bootstrap prompt (also: git session resume --prompt):')}\n${prompt}\n`);
  }
  return 0;
}
