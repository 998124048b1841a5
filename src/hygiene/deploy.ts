import { createRequire } from 'node:module';

import type * as Yaml from 'yaml';

import { baseName } from './path-finding.js';

/** The deployment formats keyfence reads for static AWS keys. */
export type ManifestKind = 'workflow' | 'compose' | 'kubernetes' | 'ecs';

/** A static AWS key set to a literal value in a manifest. */
export interface StaticKey {
  readonly kind: ManifestKind;
  readonly name: string;
  readonly value: string;
  readonly offset: number;
}

/** The variables the AWS SDKs and CLI read static keys from. */
const KEY_NAMES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);

/** A workflow file. Matches `.github/workflows/ci.yml`; not `.github/dependabot.yml`. */
const WORKFLOW_RE = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;

/** A compose file name. Matches `docker-compose.prod.yml`, `compose.yaml`; not `compose.ts`. */
const COMPOSE_RE = /^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/i;

/**
 * Values that are references, per format, not literals: `${{ secrets.X }}` in a workflow,
 * `${VAR}` or `$VAR` interpolation in compose, `$(VAR)` dependent variables in Kubernetes.
 * Matches `${{ secrets.KEY }}` for workflows; does not match `AKIA...` anywhere.
 */
const REFERENCE_RE: Record<ManifestKind, RegExp | undefined> = {
  workflow: /\$\{\{.*\}\}/,
  compose: /^\$\{?[A-Za-z_]\w*/,
  kubernetes: /^\$\([A-Za-z_]\w*\)$/,
  ecs: undefined,
};

let yaml: typeof Yaml | undefined;

/**
 * The YAML parser, loaded on first use: it takes longer to load than a whole staged scan of a
 * small commit, and only files that name an AWS key variable need it. Rules check files
 * synchronously, so it is required rather than imported.
 */
function loadYaml(): typeof Yaml {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml;
}

/**
 * Finds AWS key variables set to literal values in a deployment manifest: a GitHub workflow's
 * `env:` maps, a compose service's `environment:` (map or `NAME=value` list), a Kubernetes
 * container's `env:` (`name`/`value` pairs; `valueFrom` is a reference) or a Secret's data, an
 * ECS task definition's `environment` (JSON or CloudFormation casing). Other files yield none.
 *
 * Limitation: a file YAML cannot parse (a Helm template with `{{ }}` blocks) is skipped.
 */
export function findStaticKeys(path: string, text: string): StaticKey[] {
  const parser = loadYaml();
  const found: StaticKey[] = [];

  for (const doc of parser.parseAllDocuments(text)) {
    if (!('errors' in doc) || doc.errors.length > 0) {
      continue;
    }
    const kind = kindOf(path, doc.contents, parser);
    if (kind) {
      const envKeys = envKeysOf(kind, doc.contents, parser);
      walk(parser, doc.contents, undefined, { kind, envKeys, found });
    }
  }
  return found;
}

/** Whether a path can be a manifest at all: YAML or JSON. */
export function isManifestCandidate(path: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(path);
}

interface Walk {
  readonly kind: ManifestKind;
  readonly envKeys: ReadonlySet<string>;
  readonly found: StaticKey[];
}

function kindOf(path: string, root: unknown, parser: typeof Yaml): ManifestKind | undefined {
  if (WORKFLOW_RE.test(path)) {
    return 'workflow';
  }
  if (COMPOSE_RE.test(baseName(path))) {
    return 'compose';
  }
  if (parser.isMap(root) && root.has('apiVersion') && root.has('kind')) {
    return 'kubernetes';
  }
  return hasKeyDeep(parser, root, 'containerdefinitions') ? 'ecs' : undefined;
}

/** The keys, lowercased, under which a format sets environment variables. */
function envKeysOf(kind: ManifestKind, root: unknown, parser: typeof Yaml): Set<string> {
  switch (kind) {
    case 'workflow':
      return new Set(['env']);
    case 'compose':
    case 'ecs':
      return new Set(['environment']);
    case 'kubernetes': {
      const resource = parser.isMap(root) ? String(root.get('kind')) : '';
      return new Set(resource === 'Secret' ? ['env', 'data', 'stringdata'] : ['env']);
    }
  }
}

function hasKeyDeep(parser: typeof Yaml, node: unknown, key: string, depth = 0): boolean {
  if (depth > 6) {
    return false;
  }
  if (parser.isMap(node)) {
    return node.items.some(
      (pair) => keyOf(parser, pair.key) === key || hasKeyDeep(parser, pair.value, key, depth + 1),
    );
  }
  return parser.isSeq(node) && node.items.some((item) => hasKeyDeep(parser, item, key, depth + 1));
}

function walk(
  parser: typeof Yaml,
  node: unknown,
  parentKey: string | undefined,
  state: Walk,
): void {
  const isEnv = parentKey !== undefined && state.envKeys.has(parentKey);

  if (parser.isMap(node)) {
    for (const pair of node.items) {
      const key = parser.isScalar(pair.key) ? String(pair.key.value) : '';
      if (isEnv && KEY_NAMES.has(key)) {
        record(parser, key, pair.value, state);
      }
      walk(parser, pair.value, key.toLowerCase(), state);
    }
  } else if (parser.isSeq(node)) {
    for (const item of node.items) {
      if (isEnv) {
        recordItem(parser, item, state);
      }
      walk(parser, item, undefined, state);
    }
  }
}

/** An environment list entry: `{ name, value }` (Kubernetes, ECS) or `NAME=value` (compose). */
function recordItem(parser: typeof Yaml, item: unknown, state: Walk): void {
  if (parser.isMap(item)) {
    const name = item.items.find((pair) => keyOf(parser, pair.key) === 'name')?.value;
    const value = item.items.find((pair) => keyOf(parser, pair.key) === 'value')?.value;
    if (parser.isScalar(name) && KEY_NAMES.has(String(name.value))) {
      record(parser, String(name.value), value, state);
    }
    return;
  }

  if (parser.isScalar(item) && typeof item.value === 'string') {
    const equals = item.value.indexOf('=');
    const name = equals === -1 ? '' : item.value.slice(0, equals);
    if (KEY_NAMES.has(name)) {
      record(parser, name, item, state, equals + 1);
    }
  }
}

function record(parser: typeof Yaml, name: string, node: unknown, state: Walk, skip = 0): void {
  if (!parser.isScalar(node) || node.value === null || node.value === undefined) {
    return;
  }
  const value = String(node.value).slice(skip);
  if (value.trim() === '' || REFERENCE_RE[state.kind]?.test(value)) {
    return;
  }

  const isQuoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const offset = (node.range?.[0] ?? 0) + (isQuoted ? 1 : 0) + skip;
  state.found.push({ kind: state.kind, name, value, offset });
}

function keyOf(parser: typeof Yaml, key: unknown): string {
  return parser.isScalar(key) ? String(key.value).toLowerCase() : '';
}
