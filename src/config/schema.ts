import { redactLongTokens } from '../engine/redact.js';

/**
 * The configuration's schema, as data, and a validator that names the file and the key of every
 * problem. Each rule family owns one top-level section; add a section here when a family needs
 * options, and the validator, the defaults and the README table follow from it.
 */

import { IAM_CONFIG_SCHEMA } from '../iam/config.js';

export type SchemaNode =
  | { readonly type: 'string'; readonly enum?: readonly string[] }
  | { readonly type: 'number'; readonly minimum?: number; readonly integer?: boolean }
  | { readonly type: 'boolean' }
  | { readonly type: 'array'; readonly items: SchemaNode }
  | {
      readonly type: 'object';
      readonly properties?: Readonly<Record<string, SchemaNode>>;
      /** Schema of keys not listed in `properties`; without it, unknown keys are errors. */
      readonly additional?: SchemaNode;
    }
  | { readonly type: 'oneOf'; readonly options: readonly SchemaNode[]; readonly label: string };

const LEVEL: SchemaNode = { type: 'string', enum: ['off', 'error', 'warning', 'note'] };
const SEVERITY: SchemaNode = { type: 'string', enum: ['error', 'warning', 'note'] };

/** A glob with an optional reason: `"fixtures/**"` or `{ "path": "...", "reason": "..." }`. */
const ALLOWED_PATH: SchemaNode = {
  type: 'oneOf',
  label: 'a glob string or { "path", "reason" }',
  options: [
    { type: 'string' },
    {
      type: 'object',
      properties: { path: { type: 'string' }, reason: { type: 'string' } },
    },
  ],
};

/** A value regex with an optional reason: `"EXAMPLE$"` or `{ "pattern", "reason" }`. */
const ALLOWED_VALUE: SchemaNode = {
  type: 'oneOf',
  label: 'a regular expression string or { "pattern", "reason" }',
  options: [
    { type: 'string' },
    {
      type: 'object',
      properties: { pattern: { type: 'string' }, reason: { type: 'string' } },
    },
  ],
};

/**
 * The entries `gitignore-missing` requires: `required` replaces the guide's list, `add` and
 * `remove` adjust it (see src/gitignore/required.ts).
 */
const GITIGNORE: SchemaNode = {
  type: 'object',
  properties: {
    required: { type: 'array', items: { type: 'string' } },
    add: { type: 'array', items: { type: 'string' } },
    remove: { type: 'array', items: { type: 'string' } },
  },
};

/** The schema of a keyfence configuration file. */
export const CONFIG_SCHEMA: SchemaNode = {
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    failOn: SEVERITY,
    maxFileSize: {
      type: 'oneOf',
      label: 'a number of bytes or a size such as "10MiB"',
      options: [{ type: 'number', minimum: 1, integer: true }, { type: 'string' }],
    },
    rules: {
      type: 'object',
      additional: {
        type: 'oneOf',
        label: '"off", "error", "warning", "note" or { "level", "reason" }',
        options: [
          LEVEL,
          { type: 'object', properties: { level: LEVEL, reason: { type: 'string' } } },
        ],
      },
    },
    allow: {
      type: 'object',
      properties: {
        paths: { type: 'array', items: ALLOWED_PATH },
        values: { type: 'array', items: ALLOWED_VALUE },
      },
    },
    baseline: { type: 'string' },
    gitignore: GITIGNORE,
    iam: IAM_CONFIG_SCHEMA,
  },
};

/** One validation problem: the dotted key and what is wrong with it. */
export interface SchemaProblem {
  readonly key: string;
  readonly message: string;
}

/** Checks a value against a schema node; returns every problem found, in document order. */
export function validate(value: unknown, node: SchemaNode, key = ''): SchemaProblem[] {
  switch (node.type) {
    case 'string':
      return validateString(value, node.enum, key);
    case 'number':
      return validateNumber(value, node, key);
    case 'boolean':
      return typeof value === 'boolean'
        ? []
        : [{ key, message: `must be true or false, got ${describe(value)}` }];
    case 'array':
      if (!Array.isArray(value)) {
        return [{ key, message: `must be a list, got ${describe(value)}` }];
      }
      return value.flatMap((item, index) => validate(item, node.items, `${key}[${index}]`));
    case 'object':
      return validateObject(value, node, key);
    case 'oneOf':
      return node.options.some((option) => validate(value, option, key).length === 0)
        ? []
        : [{ key, message: `must be ${node.label}, got ${describe(value)}` }];
  }
}

function validateString(
  value: unknown,
  allowed: readonly string[] | undefined,
  key: string,
): SchemaProblem[] {
  if (typeof value !== 'string') {
    return [{ key, message: `must be a string, got ${describe(value)}` }];
  }
  if (allowed && !allowed.includes(value)) {
    return [{ key, message: `must be one of ${allowed.join(', ')}, got ${describe(value)}` }];
  }
  return [];
}

function validateNumber(
  value: unknown,
  node: { readonly minimum?: number; readonly integer?: boolean },
  key: string,
): SchemaProblem[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return [{ key, message: `must be a number, got ${describe(value)}` }];
  }
  if (node.integer && !Number.isInteger(value)) {
    return [{ key, message: `must be a whole number, got ${value}` }];
  }
  if (node.minimum !== undefined && value < node.minimum) {
    return [{ key, message: `must be at least ${node.minimum}, got ${value}` }];
  }
  return [];
}

function validateObject(
  value: unknown,
  node: Extract<SchemaNode, { type: 'object' }>,
  key: string,
): SchemaProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ key, message: `must be an object, got ${describe(value)}` }];
  }

  const problems: SchemaProblem[] = [];
  const known = node.properties ?? {};
  for (const [name, item] of Object.entries(value)) {
    const child = key === '' ? name : `${key}.${name}`;
    // Own keys only: a key named "__proto__" or "constructor" must not find Object's members.
    const schema = Object.hasOwn(known, name) ? known[name] : node.additional;
    if (schema) {
      problems.push(...validate(item, schema, child));
    } else {
      problems.push({ key: child, message: unknownKeyMessage(name, Object.keys(known)) });
    }
  }
  return problems;
}

function unknownKeyMessage(name: string, known: readonly string[]): string {
  const close = known.find(
    (candidate) => editDistance(candidate.toLowerCase(), name.toLowerCase()) <= 2,
  );
  const suggestion = close ? ` (did you mean "${close}"?)` : '';
  return `is not a known option${suggestion}; known options here: ${known.join(', ')}`;
}

/** Describes a value for a message without quoting long strings, which may hold secrets. */
function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'string') {
    // An access key ID is exactly 20 characters, so short strings are masked too.
    return value.length <= 20
      ? redactLongTokens(JSON.stringify(value))
      : `a ${value.length}-character string`;
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Levenshtein distance; names are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
