// dist/fast-status.cjs: `git session status` without the rest of the CLI (see ../fast.ts), one CommonJS file.
import { run } from '../commands/status.js';
import { runFast } from '../fast.js';

export const main = (argv: string[]): Promise<void> => runFast(argv, 'status', run);
