#!/usr/bin/env node
// The published entry point: runs the bundled CLI. Kept tiny so start-up is one module load.
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code on disk between runs, which the pre-commit hook
// repeats on every commit; Node 20 has no such API, and there this line does nothing.
module.enableCompileCache?.();

const { run } = await import('../dist/keyfence.js');
process.exitCode = await run();
