import { KeyfenceError } from '../errors.js';
import { firstLine, runGit } from './git.js';

/** A git work tree keyfence can scan. */
export interface Repository {
  readonly root: string;
  readonly gitDir: string;
  readonly isShallow: boolean;
}

/**
 * Finds the repository that contains `dir`, or undefined when `dir` is not inside one. A bare
 * repository has no work tree to scan, so it is an error rather than "not a repository".
 */
export async function findRepository(dir: string): Promise<Repository | undefined> {
  const args = [
    'rev-parse',
    '--is-bare-repository',
    '--absolute-git-dir',
    '--is-shallow-repository',
  ];
  const result = await runGit([...args, '--show-toplevel'], dir);
  const [isBare, gitDir, isShallow, root] = result.stdout.toString('utf8').split('\n');

  if (isBare === 'true') {
    throw new KeyfenceError(
      'git',
      `${dir} is a bare repository, which has no working tree to scan`,
      'Run `keyfence history` to scan its commits, or run keyfence in a clone with a work tree.',
    );
  }
  if (result.code !== 0) {
    if (result.stderr.includes('not a git repository')) {
      return undefined;
    }
    throw new KeyfenceError(
      'git',
      `git cannot read the repository at ${dir}: ${firstLine(result.stderr)}`,
      result.stderr.includes('dubious ownership')
        ? 'Git refuses repositories owned by another user; run as the owner, or add the path to ' +
            "git's safe.directory if you trust it."
        : 'Check that the repository is intact (`git fsck`) and that git works here.',
    );
  }
  if (!gitDir || !root) {
    throw new KeyfenceError('git', `git rev-parse gave no repository paths for ${dir}`);
  }

  return { root, gitDir, isShallow: isShallow === 'true' };
}

/** Like {@link findRepository}, for commands that cannot work outside git. */
export async function requireRepository(dir: string, command: string): Promise<Repository> {
  const repository = await findRepository(dir);
  if (!repository) {
    throw new KeyfenceError(
      'git',
      `${dir} is not inside a git repository, and \`keyfence ${command}\` reads git's data`,
      'Run it inside a repository, or use `keyfence scan PATH` to scan plain files.',
    );
  }
  return repository;
}
