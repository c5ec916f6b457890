// dist/fast-status.bundle.cjs: `git session status` without the rest of the CLI (see ../fast.ts), run with V8's code cache.
import { run } from '../commands/status.js';
import { runFast } from '../fast.js';

export { fullCli } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'status', run);
