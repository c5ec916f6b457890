import { sameItem } from '../../extract/work-items.js';
import { UsageError } from '../../errors.js';
import { safe } from '../../resume/index.js';
import { dropCarriedTask } from '../../store/index.js';
import { io, printJson } from '../output.js';
import { loadSnapshot } from '../../session/load.js';

/**
 * `git session done <#N|text>`: the task leaves the line of work; later sessions do not carry it.
 * A text that names one of the user's standing instructions instead lifts that instruction.
 */
export async function run(opts: { session?: string; json?: boolean }, which: string): Promise<number> {
  const { repo, snapshot, manifest } = loadSnapshot({ sessionId: opts.session });
  const tasks = manifest.pending_tasks;
  const n = /^#?(\d+)$/.exec(which.trim());
  const task = n
    ? tasks[Number(n[1]) - 1]
    : (tasks.find((t) => t.task.toLowerCase().includes(which.toLowerCase())) ?? tasks.find((t) => sameItem(t.task, which)));
  const rules = manifest.critical_context.user_instructions;
  const rule = task || n ? undefined : (rules.find((r) => r.toLowerCase().includes(which.toLowerCase())) ?? rules.find((r) => sameItem(r, which)));
  const dropped = task?.task ?? rule;
  if (!dropped) {
    const list = tasks.map((t, i) => `  #${i + 1} ${safe(t.task)}`).join('\n');
    throw new UsageError(
      `No pending task ${JSON.stringify(which)} in session ${snapshot.sessionId.slice(0, 8)}'s snapshot ${snapshot.commit.slice(0, 10)}.${list ? ` Its pending tasks:\n${list}` : ' It has no pending task.'}`,
    );
  }
  dropCarriedTask(repo, dropped);
  if (opts.json) printJson({ dropped, kind: task ? 'task' : 'instruction', session_id: snapshot.sessionId, snapshot: snapshot.commit });
  else
    io().stdout.write(
      `Dropped ${task ? '' : 'the instruction '}: ${safe(dropped)}\nLater sessions will not carry it; the next save of a session that carried it leaves it out.\n`.replace(
        'Dropped : ',
        'Dropped: ',
      ),
    );
  return 0;
}
