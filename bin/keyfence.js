#!/usr/bin/env node
// The published entry point: runs the bundled CLI. Kept tiny so start-up is one module load.
import { run } from '../dist/keyfence.js';

process.exitCode = await run();
