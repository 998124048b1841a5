import type { Rule } from '../src/engine/types.js';
import awsAccessKeyId from './aws-access-key-id.js';
import awsBedrockApiKey from './aws-bedrock-api-key.js';
import awsSecretAccessKey from './aws-secret-access-key.js';
import awsSessionToken from './aws-session-token.js';
import privateKey from './private-key.js';

/**
 * Every rule keyfence ships, sorted by id. A test checks that this list, the rule files and
 * their docs are the same set, so a rule cannot be added without its doc or left unregistered.
 */
export const RULES: readonly Rule[] = [
  awsAccessKeyId,
  awsBedrockApiKey,
  awsSecretAccessKey,
  awsSessionToken,
  privateKey,
];
