import type { TestRepo } from './git.js';

/** The guide's `.gitignore` entries, the default list `gitignore-missing` requires. */
export const GUIDE_ENTRIES = [
  '.env',
  '.env.local',
  '.env.production',
  '*.env',
  '.aws/credentials',
  '.aws/config',
  '*.log',
  'logs/',
];

/**
 * Covers the required entries through `.git/info/exclude`, for tests about something else:
 * the repository then has no `gitignore-missing` finding, and no file is added to the scan.
 */
export function coverRequiredEntries(repo: TestRepo): void {
  repo.write('.git/info/exclude', `${GUIDE_ENTRIES.join('\n')}\n`);
}
