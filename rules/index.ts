import type { Rule } from '../src/engine/types.js';
import awsAccessKeyId from './aws-access-key-id.js';
import awsCredentialsFile from './aws-credentials-file.js';
import awsStaticCredentialsInDeploy from './aws-static-credentials-in-deploy.js';
import dotenvFile from './dotenv-file.js';
import gitignoreMissing from './gitignore-missing.js';
import logFile from './log-file.js';

/**
 * Every rule keyfence ships, sorted by id. A test checks that this list, the rule files and
 * their docs are the same set, so a rule cannot be added without its doc or left unregistered.
 */
export const RULES: readonly Rule[] = [
  awsAccessKeyId,
  awsCredentialsFile,
  awsStaticCredentialsInDeploy,
  dotenvFile,
  gitignoreMissing,
  logFile,
];
