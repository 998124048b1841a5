import type { ResolvedConfigView } from '../engine/types.js';
import type { SchemaNode } from '../config/schema.js';

/**
 * The `iam` section of the configuration: what the policies of this repository may grant. The
 * defaults are the team guide's policy: ten SQS actions on `arn:aws:sqs:*:*:wipsie-*`, and
 * `sqs:ListQueues`, which takes no resource, on `*`.
 */
export interface IamSettings {
  /** Allowed actions, lowercase (action names are case-insensitive). */
  readonly allowedActions: ReadonlySet<string>;
  /** Actions that take no resource and so may be granted on `*`, lowercase. */
  readonly resourceLessActions: ReadonlySet<string>;
  /** Queue names must start with this (case-sensitive, as ARNs are). */
  readonly queuePrefix: string;
  readonly partitions: readonly string[];
  /** The service whose resources are allowed (the ARN's third part). */
  readonly service: string;
}

/** The guide's ten actions. */
export const DEFAULT_ALLOWED_ACTIONS: readonly string[] = [
  'sqs:CreateQueue',
  'sqs:DeleteQueue',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ListQueues',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:PurgeQueue',
  'sqs:ChangeMessageVisibility',
];

const DEFAULTS = {
  allowedActions: DEFAULT_ALLOWED_ACTIONS,
  resourceLessActions: ['sqs:ListQueues'],
  queuePrefix: 'wipsie-',
  partitions: ['aws'],
  service: 'sqs',
} as const;

const STRINGS: SchemaNode = { type: 'array', items: { type: 'string' } };

/** The options an override may change; `files` says where it applies. */
const SETTINGS_PROPERTIES: Readonly<Record<string, SchemaNode>> = {
  allowedActions: STRINGS,
  resourceLessActions: STRINGS,
  queuePrefix: { type: 'string' },
  partitions: STRINGS,
  service: { type: 'string' },
};

/** The schema of the `iam` section, added to CONFIG_SCHEMA. */
export const IAM_CONFIG_SCHEMA: SchemaNode = {
  type: 'object',
  properties: {
    ...SETTINGS_PROPERTIES,
    overrides: {
      type: 'array',
      items: { type: 'object', properties: { files: STRINGS, ...SETTINGS_PROPERTIES } },
    },
  },
};

interface SettingsInput {
  allowedActions?: string[];
  resourceLessActions?: string[];
  queuePrefix?: string;
  partitions?: string[];
  service?: string;
}

interface IamSection extends SettingsInput {
  overrides?: (SettingsInput & { files?: string[] })[];
}

/**
 * The settings for one path: the section's values over the defaults, then every override whose
 * `files` globs match the path, in order, so a later override wins (as in ESLint).
 */
export function settingsFor(config: ResolvedConfigView, path: string): IamSettings {
  const section = (config['iam'] ?? {}) as IamSection;
  let merged: Required<SettingsInput> = {
    ...DEFAULTS,
    ...pickSettings(section),
  } as Required<SettingsInput>;

  for (const override of section.overrides ?? []) {
    if ((override.files ?? []).some((glob) => globToRegExp(glob).test(path))) {
      merged = { ...merged, ...pickSettings(override) };
    }
  }

  return {
    allowedActions: new Set(merged.allowedActions.map((action) => action.toLowerCase())),
    resourceLessActions: new Set(merged.resourceLessActions.map((action) => action.toLowerCase())),
    queuePrefix: merged.queuePrefix,
    partitions: merged.partitions,
    service: merged.service,
  };
}

function pickSettings(input: SettingsInput): SettingsInput {
  const picked: SettingsInput = {};
  for (const key of Object.keys(SETTINGS_PROPERTIES) as (keyof SettingsInput)[]) {
    if (input[key] !== undefined) {
      Object.assign(picked, { [key]: input[key] });
    }
  }
  return picked;
}

/**
 * A path glob as a regular expression: `**` spans folders, `*` and `?` stay within one, and a
 * glob without a slash matches the file name anywhere (as in `.gitignore`).
 * "infra/prod/**" matches "infra/prod/a/b.tf"; it does not match "infra/production/b.tf".
 */
export function globToRegExp(glob: string): RegExp {
  let body = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    if (char === '*' && glob.charAt(index + 1) === '*') {
      const slash = glob.charAt(index + 2) === '/';
      body += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else {
      body +=
        char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[.+^${}()|[\]\\]/, '\\$&');
    }
  }
  const anywhere = glob.includes('/') ? '' : '(?:.*/)?';
  return new RegExp(`^${anywhere}${body}$`);
}
