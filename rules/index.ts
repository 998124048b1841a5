import type { Rule } from '../src/engine/types.js';
import awsAccessKeyId from './aws-access-key-id.js';
import awsBedrockApiKey from './aws-bedrock-api-key.js';
import awsCredentialsFile from './aws-credentials-file.js';
import awsSecretAccessKey from './aws-secret-access-key.js';
import awsSessionToken from './aws-session-token.js';
import awsStaticCredentialsInDeploy from './aws-static-credentials-in-deploy.js';
import dotenvFile from './dotenv-file.js';
import gitignoreMissing from './gitignore-missing.js';
import iamActionNotAllowed from './iam-action-not-allowed.js';
import iamMalformedPolicy from './iam-malformed-policy.js';
import iamNotAction from './iam-not-action.js';
import iamNotPrincipal from './iam-not-principal.js';
import iamNotResource from './iam-not-resource.js';
import iamPublicPrincipal from './iam-public-principal.js';
import iamResourceOutsidePrefix from './iam-resource-outside-prefix.js';
import iamUnknownAction from './iam-unknown-action.js';
import iamUnresolvedReference from './iam-unresolved-reference.js';
import iamWildcardAction from './iam-wildcard-action.js';
import iamWildcardResource from './iam-wildcard-resource.js';
import logFile from './log-file.js';
import privateKey from './private-key.js';

/**
 * Every rule keyfence ships, sorted by id. A test checks that this list, the rule files and
 * their docs are the same set, so a rule cannot be added without its doc or left unregistered.
 */
export const RULES: readonly Rule[] = [
  awsAccessKeyId,
  awsBedrockApiKey,
  awsCredentialsFile,
  awsSecretAccessKey,
  awsSessionToken,
  awsStaticCredentialsInDeploy,
  dotenvFile,
  gitignoreMissing,
  iamActionNotAllowed,
  iamMalformedPolicy,
  iamNotAction,
  iamNotPrincipal,
  iamNotResource,
  iamPublicPrincipal,
  iamResourceOutsidePrefix,
  iamUnknownAction,
  iamUnresolvedReference,
  iamWildcardAction,
  iamWildcardResource,
  logFile,
  privateKey,
];
