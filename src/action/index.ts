import { runAction } from './run.js';

// The action's entry point, bundled into dist/action/index.js and run by the runner (node24).
process.exitCode = await runAction({ env: process.env, stdout: process.stdout });
