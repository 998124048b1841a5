import { createRequire } from 'node:module';

import type * as Yaml from 'yaml';

import { MAX_DEPTH, type Entry, type PNode, type ReadResult } from './node.js';

/**
 * Reads YAML (CloudFormation templates in particular) into the shared node model. Short-form
 * intrinsics become the long form CloudFormation defines: `!Sub x` is `{ "Fn::Sub": x }`,
 * `!Ref x` is `{ "Ref": x }`, so the analysis handles JSON and YAML templates alike.
 *
 * The `yaml` package is loaded on first use, synchronously (rules run synchronously), so runs
 * that meet no YAML policy never load it: the pre-commit path stays as light as it was.
 */
export function readYaml(text: string): ReadResult {
  const yaml = loadYaml();
  // A stream of several documents (a Kubernetes manifest) is read as a list of them.
  const docs = yaml.parseAllDocuments(text, YAML_OPTIONS);
  const parsed = Array.isArray(docs) ? docs : [];
  const problem = parsed.flatMap((doc) => doc.errors)[0];
  if (problem) {
    return { ok: false, offset: problem.pos[0] };
  }

  const budget = { nodes: 0 };
  try {
    const roots = parsed.map((doc) => new Converter(yaml, doc, budget).convert(doc.contents, 0));
    const [first] = roots;
    if (roots.length === 1 && first) {
      return { ok: true, node: first };
    }
    return { ok: true, node: { kind: 'array', items: roots, start: 0, end: text.length } };
  } catch (error) {
    if (error instanceof LimitError) {
      return { ok: false, offset: 0, limit: error.limit };
    }
    throw error;
  }
}

const requireLazily = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;

function loadYaml(): typeof Yaml {
  yamlModule ??= requireLazily('yaml') as typeof Yaml;
  return yamlModule;
}

/**
 * `maxAliasCount` bounds the package's own alias expansion; the converter below counts the nodes
 * it produces as well, since it follows aliases itself. Duplicate keys are not fatal here: the
 * analysis should still see the policy in a sloppy template.
 */
const YAML_OPTIONS = {
  maxAliasCount: 100,
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
} as const;

/**
 * How many nodes one document may expand to, aliases included. A billion-laughs document hits
 * this after a few milliseconds; a real template has a few thousand nodes.
 */
const MAX_NODES = 200_000;

class LimitError extends Error {
  readonly limit: 'depth' | 'size';

  constructor(limit: 'depth' | 'size') {
    super(`YAML document over the ${limit} limit`);
    this.limit = limit;
  }
}

/** CloudFormation's short-form tags and the long-form key each stands for. */
function intrinsicKey(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.startsWith('!!')) {
    return undefined;
  }
  const name = tag.slice(1);
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

class Converter {
  readonly #yaml: typeof Yaml;
  readonly #doc: Yaml.Document.Parsed;
  /** Each alias's anchor, looked up once: the package searches the whole document for it. */
  readonly #anchors = new Map<Yaml.Alias, unknown>();
  /** Shared by the documents of one stream, so splitting a bomb into documents gains nothing. */
  readonly #budget: { nodes: number };

  constructor(yaml: typeof Yaml, doc: Yaml.Document.Parsed, budget: { nodes: number }) {
    this.#yaml = yaml;
    this.#doc = doc;
    this.#budget = budget;
  }

  convert(node: unknown, depth: number): PNode {
    this.#budget.nodes += 1;
    if (this.#budget.nodes > MAX_NODES) {
      throw new LimitError('size');
    }
    if (depth > MAX_DEPTH) {
      throw new LimitError('depth');
    }

    const plain = this.#untagged(node, depth);
    const tag = (node as { tag?: string } | null)?.tag;
    const key = tag === undefined ? undefined : intrinsicKey(tag);
    if (key === undefined) {
      return plain;
    }
    return {
      kind: 'object',
      entries: [{ key, keyStart: plain.start, value: plain }],
      ...span(plain),
    };
  }

  #untagged(node: unknown, depth: number): PNode {
    const yaml = this.#yaml;
    if (yaml.isAlias(node)) {
      if (!this.#anchors.has(node)) {
        this.#anchors.set(node, node.resolve(this.#doc));
      }
      return this.convert(this.#anchors.get(node), depth + 1);
    }
    if (yaml.isMap(node)) {
      return this.#map(node, depth);
    }
    if (yaml.isSeq(node)) {
      const items = node.items.map((item) => this.convert(item, depth + 1));
      return { kind: 'array', items, ...rangeOf(node) };
    }
    if (yaml.isScalar(node)) {
      return scalarNode(node);
    }
    return { kind: 'scalar', value: null, start: 0, end: 0 };
  }

  #map(node: Yaml.YAMLMap, depth: number): PNode {
    const entries: Entry[] = [];
    for (const pair of node.items) {
      const key = this.#yaml.isScalar(pair.key) ? pair.key : undefined;
      if (key === undefined) {
        continue;
      }
      const value = this.convert(pair.value, depth + 1);
      entries.push({ key: String(key.value), keyStart: rangeOf(key).start, value });
    }
    return { kind: 'object', entries, ...rangeOf(node) };
  }
}

function scalarNode(node: Yaml.Scalar): PNode {
  const { value } = node;
  if (typeof value === 'string') {
    return { kind: 'string', value, ...rangeOf(node) };
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { kind: 'scalar', value, ...rangeOf(node) };
  }
  // A YAML 1.1 timestamp or binary: keep the source text, as CloudFormation does.
  return { kind: 'string', value: String(node.source ?? value), ...rangeOf(node) };
}

function rangeOf(node: { range?: readonly number[] | null | undefined }): {
  start: number;
  end: number;
} {
  return { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
}

function span(node: PNode): { start: number; end: number } {
  return { start: node.start, end: node.end };
}
