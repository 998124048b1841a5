import type { ReportDescriptor, ScanMode, SourceFile } from '../engine/types.js';
import { isRequiredPath } from '../gitignore/required.js';

/** How a message says where a file is, per scan mode. */
const WHERE: Record<ScanMode, string> = {
  tree: 'is tracked or can be committed',
  staged: 'is staged for commit',
  history: 'was committed',
};

/**
 * The report for a file that must not be in git at all. Two message ids: `covered` when the
 * required `.gitignore` entries would ignore the path, whose message must say that ignoring a
 * tracked file does not untrack it (the usual misunderstanding), and `uncovered` otherwise,
 * whose message asks for a `.gitignore` entry as well.
 */
export function pathReport(
  file: SourceFile,
  messageIds: { readonly covered: string; readonly uncovered: string },
): ReportDescriptor {
  const isCovered = isRequiredPath(file.path, file.config);
  return {
    messageId: isCovered ? messageIds.covered : messageIds.uncovered,
    data: { path: file.path, where: WHERE[file.mode] },
    value: file.path,
    secret: false,
    properties: { coveredByRequiredEntries: isCovered },
  };
}

/** The last segment of a repository-relative path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
