import { execFileSync } from 'node:child_process';

/** Builds dist/ once before the suite: end-to-end tests run the CLI exactly as users get it. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
}
