/**
 * The incident steps of the guide ("If credentials are compromised"), as the help text of the
 * AWS credential rules: what to do now, in order, and what differs for temporary keys.
 */

const INCIDENT_STEPS = [
  '1. Disable the access key in IAM now: IAM console, or',
  '   `aws iam update-access-key --access-key-id <key-id> --status Inactive`.',
  '   Disabling can be undone; deleting cannot, so disable first.',
  '2. Create a new access key (better: move the application to an IAM role).',
  '3. Update every application that used the old key; keep the new one in the environment or',
  '   a secret store (Secrets Manager, Parameter Store), never in code.',
  '4. Check CloudTrail in the account named in the finding for calls made with the old key',
  '   (`aws cloudtrail lookup-events --lookup-attributes',
  '   AttributeKey=AccessKeyId,AttributeValue=<key-id>`), and review recent usage and billing.',
  '5. Delete the old key, remove it from the code and purge it from git history',
  '   (`git filter-repo --replace-text`), then have every clone refreshed.',
  "6. Report the incident if your organisation's security policy asks for it.",
];

const TEMPORARY_STEPS = [
  'Temporary keys (`ASIA...`, with a session token) cannot be disabled one by one and expire',
  'on their own (15 minutes to 36 hours). Revoke the active sessions of the role that issued',
  'them (IAM console, role, "Revoke active sessions"), then find what leaked them; steps 4 and',
  '5 still apply.',
];

/** The help of an AWS credential rule: one line on the credential, then the incident steps. */
export function awsIncidentHelp(intro: string): string {
  return [intro, '', ...INCIDENT_STEPS, '', ...TEMPORARY_STEPS].join('\n');
}
