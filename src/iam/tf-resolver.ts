import type { HclBlock } from './hcl-reader.js';
import { itemsOf, type PNode } from './node.js';
import { describeNode } from './plain-resolver.js';
import {
  opaque,
  splitTemplate,
  text,
  unknown,
  type Evaluation,
  type Part,
  type Resolver,
  type StringMode,
  type Value,
} from './value.js';

/**
 * Resolves Terraform values within one file: string templates, and references to an
 * `aws_sqs_queue` of the same file (`.arn`, `.name`, `.id`/`.url`) whose `name` or `name_prefix`
 * is written out. Variables, locals, modules and other files' resources stay opaque.
 */
export function tfResolver(blocks: readonly HclBlock[]): Resolver {
  const queues = new Map<string, HclBlock>();
  for (const block of blocks) {
    if (block.type === 'resource' && block.labels[0] === 'aws_sqs_queue' && block.labels[1]) {
      queues.set(block.labels[1], block);
    }
  }
  const resolver = new TfResolver(queues);
  return {
    evaluate: (node, mode) => resolver.evaluate(node, mode, 0),
    leaves: itemsOf,
  };
}

/**
 * A reference to a queue attribute, of one queue or of one instance of a counted one (whose
 * `count.index` then stays unknown in its name). Matches "aws_sqs_queue.orders.arn" and
 * "aws_sqs_queue.orders[0].arn"; does not match "aws_sqs_queue.orders.tags".
 */
const QUEUE_REFERENCE_RE = /^aws_sqs_queue\.([\w-]+)(?:\[[^\]]*\])?\.(arn|name|id|url)$/;

const MAX_REFERENCE_DEPTH = 4;

class TfResolver {
  readonly #queues: ReadonlyMap<string, HclBlock>;

  constructor(queues: ReadonlyMap<string, HclBlock>) {
    this.#queues = queues;
  }

  evaluate(node: PNode, mode: StringMode, depth: number): Evaluation {
    if (node.kind === 'string') {
      return this.#template(node.value, mode, depth);
    }
    if (node.kind === 'scalar' && typeof node.value === 'number') {
      return { values: [[text(String(node.value))]] };
    }
    if (node.kind === 'expr') {
      return { values: this.#reference(node.text, depth) };
    }
    return { invalid: `${describeNode(node)} where a string belongs` };
  }

  #template(source: string, mode: StringMode, depth: number): Evaluation {
    if (mode === 'literal' || mode === 'cfn-sub') {
      return { values: [[text(source)]] };
    }
    const values = splitTemplate(source, (sigil, inner, escaped) => {
      if (escaped || (sigil === '&' && mode === 'tf-document')) {
        return [[unknown('variable', inner)]];
      }
      return sigil === '&' ? [[text(`&{${inner}}`)]] : this.#reference(inner.trim(), depth);
    });
    return values ? { values: directivesOpaque(values) } : opaque('template');
  }

  #reference(expression: string, depth: number): Value[] {
    const match = QUEUE_REFERENCE_RE.exec(expression);
    const queue = match ? this.#queues.get(match[1] ?? '') : undefined;
    if (!match || !queue || depth > MAX_REFERENCE_DEPTH) {
      return [[unknown('opaque', expression)]];
    }

    const names = this.#queueNames(queue, expression, depth + 1);
    const attribute = match[2];
    if (attribute === 'name') {
      return names;
    }
    if (attribute === 'arn') {
      return names.map((name) => [...queueArnPrefix(), ...name]);
    }
    return names.map((name) => [
      text('https://sqs.'),
      unknown('region', 'region'),
      text('.amazonaws.com/'),
      unknown('account', 'account'),
      text('/'),
      ...name,
    ]);
  }

  #queueNames(queue: HclBlock, expression: string, depth: number): Value[] {
    const name = queue.attributes.find((attribute) => attribute.name === 'name')?.value;
    const prefix = queue.attributes.find((attribute) => attribute.name === 'name_prefix')?.value;
    const written = name ?? prefix;
    if (written === undefined) {
      // Terraform then generates a random name ("terraform-2024..."): not inside any prefix.
      return [[unknown('opaque', `generated name of ${expression}`)]];
    }

    const evaluation = this.evaluate(written, 'tf', depth);
    if ('invalid' in evaluation) {
      return [[unknown('opaque', expression)]];
    }
    const suffix: Part[] = name ? [] : [unknown('opaque', 'generated suffix')];
    return evaluation.values.map((value) => [...value, ...suffix]);
  }
}

/** The ARN of a queue before its name; the partition is the provider's, like AWS::Partition. */
function queueArnPrefix(): Part[] {
  return [
    text('arn:'),
    unknown('partition', 'partition'),
    text(':sqs:'),
    unknown('region', 'region'),
    text(':'),
    unknown('account', 'account'),
    text(':'),
  ];
}

/** `%{ if ... }` directives make the rest of the string unknowable here. */
function directivesOpaque(values: Value[]): Value[] {
  return values.map((value) =>
    value.map((part) =>
      'text' in part && part.text.includes('%{') ? unknown('opaque', 'directive') : part,
    ),
  );
}
