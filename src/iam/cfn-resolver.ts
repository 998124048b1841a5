import { itemsOf, stringOf, valueOf, type ObjectNode, type PNode } from './node.js';
import { describeNode, scalarEvaluation } from './plain-resolver.js';
import {
  MAX_ALTERNATIVES,
  opaque,
  product,
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
 * Resolves CloudFormation intrinsics within one template: `Ref` of pseudo parameters, of
 * parameters with `AllowedValues` (each value is an alternative; a `Default` alone proves
 * nothing, a deploy can override it) and of queues; `Fn::GetAtt` of a queue's `Arn`,
 * `QueueName` and `QueueUrl`; `Fn::Sub`, `Fn::Join` and both branches of `Fn::If`. Everything
 * else becomes an opaque part, which the analysis reports when it matters.
 */
export function cfnResolver(template: PNode, subVariables?: PNode): Resolver {
  const resolver = new CfnResolver(template, subVariables);
  return {
    evaluate: (node, mode) => resolver.evaluate(node, mode, 0),
    leaves: (node) => cfnLeaves(node),
  };
}

/** The leaves of a list: `Fn::If` branches both count, `Ref: AWS::NoValue` drops out. */
export function cfnLeaves(node: PNode): PNode[] {
  if (node.kind === 'array') {
    return node.items.flatMap(cfnLeaves);
  }
  const intrinsic = intrinsicOf(node);
  if (intrinsic?.name === 'Fn::If') {
    return itemsOf(intrinsic.argument).slice(1, 3).flatMap(cfnLeaves);
  }
  if (intrinsic?.name === 'Ref' && stringOf(intrinsic.argument) === 'AWS::NoValue') {
    return [];
  }
  return [node];
}

/** A one-key object whose key is `Ref`, `Condition` or `Fn::*`. */
export function intrinsicOf(node: PNode): { name: string; argument: PNode } | undefined {
  if (node.kind !== 'object' || node.entries.length !== 1) {
    return undefined;
  }
  const [entry] = node.entries;
  if (!entry || !(entry.key === 'Ref' || entry.key.startsWith('Fn::'))) {
    return undefined;
  }
  return { name: entry.key, argument: entry.value };
}

/** How deep references may chain (a queue name from a parameter from a `Sub`). */
const MAX_REFERENCE_DEPTH = 8;

const PSEUDO_PARTS: Readonly<Record<string, Part>> = {
  'AWS::Region': unknown('region', 'AWS::Region'),
  'AWS::AccountId': unknown('account', 'AWS::AccountId'),
  'AWS::Partition': unknown('partition', 'AWS::Partition'),
};

const QUEUE_TYPE = 'AWS::SQS::Queue';

class CfnResolver {
  readonly #parameters: PNode | undefined;
  readonly #resources: PNode | undefined;
  /** The variables map of the `Fn::Sub` a whole document was written in, if any. */
  readonly #subVariables: PNode | undefined;

  constructor(template: PNode, subVariables: PNode | undefined) {
    this.#parameters = valueOf(template, 'Parameters');
    this.#resources = valueOf(template, 'Resources');
    this.#subVariables = subVariables;
  }

  evaluate(node: PNode, mode: StringMode, depth: number): Evaluation {
    if (node.kind === 'string' && mode === 'cfn-sub') {
      return this.#sub(node.value, this.#subVariables, depth);
    }
    const scalar = scalarEvaluation(node);
    if (scalar) {
      return scalar;
    }

    const intrinsic = intrinsicOf(node);
    if (!intrinsic) {
      return { invalid: `${describeNode(node)} where a string belongs` };
    }
    if (depth > MAX_REFERENCE_DEPTH) {
      return opaque(intrinsic.name);
    }
    return this.#intrinsic(intrinsic.name, intrinsic.argument, depth + 1);
  }

  #intrinsic(name: string, argument: PNode, depth: number): Evaluation {
    switch (name) {
      case 'Ref':
        return this.#ref(stringOf(argument) ?? '', depth);
      case 'Fn::GetAtt':
        return this.#getAtt(argument, depth);
      case 'Fn::Sub':
        return this.#subIntrinsic(argument, depth);
      case 'Fn::Join':
        return this.#join(argument, depth);
      case 'Fn::If':
        return this.#alternatives(itemsOf(argument).slice(1, 3), depth);
      default:
        return opaque(name);
    }
  }

  /** `Ref`: pseudo parameters, template parameters, then resources (a queue's Ref is its URL). */
  #ref(name: string, depth: number): Evaluation {
    const pseudo = PSEUDO_PARTS[name];
    if (pseudo) {
      return { values: [[pseudo]] };
    }
    const parameter = valueOf(this.#parameters, name);
    if (parameter) {
      // A Default is only what the deploy gets when nobody says otherwise; AllowedValues binds.
      const allowed = valueOf(parameter, 'AllowedValues');
      return allowed?.kind === 'array' ? this.#alternatives(allowed.items, depth) : opaque(name);
    }
    const resource = this.#resource(name);
    if (resource?.type === QUEUE_TYPE) {
      return this.#queueUrl(resource.node, name, depth);
    }
    return opaque(name);
  }

  #getAtt(argument: PNode, depth: number): Evaluation {
    const path =
      argument.kind === 'array' ? argument.items.map(stringOf) : stringOf(argument)?.split('.');
    const [logicalId = '', attribute = ''] = path ?? [];
    const resource = this.#resource(logicalId);
    const label = `${logicalId}.${attribute}`;
    if (resource?.type !== QUEUE_TYPE) {
      return opaque(label);
    }

    const name = this.#queueName(resource.node, logicalId, depth);
    if (attribute === 'QueueName' || 'invalid' in name) {
      return name;
    }
    if (attribute === 'Arn') {
      return withEach(name, (value) => [...arnPrefix(), ...value]);
    }
    return attribute === 'QueueUrl'
      ? this.#queueUrl(resource.node, logicalId, depth)
      : opaque(label);
  }

  #queueName(queue: ObjectNode, logicalId: string, depth: number): Evaluation {
    const name = valueOf(valueOf(queue, 'Properties'), 'QueueName');
    // Without a QueueName, CloudFormation generates one from the stack name: not provable.
    return name ? this.evaluate(name, 'literal', depth) : opaque(`generated name of ${logicalId}`);
  }

  #queueUrl(queue: ObjectNode, logicalId: string, depth: number): Evaluation {
    const name = this.#queueName(queue, logicalId, depth);
    const region = unknown('region', 'AWS::Region');
    const account = unknown('account', 'AWS::AccountId');
    return withEach(name, (value) => [
      text('https://sqs.'),
      region,
      text('.amazonaws.com/'),
      account,
      text('/'),
      ...value,
    ]);
  }

  #subIntrinsic(argument: PNode, depth: number): Evaluation {
    if (argument.kind === 'string') {
      return this.#sub(argument.value, undefined, depth);
    }
    const [template, variables] = itemsOf(argument);
    const source = stringOf(template);
    return source === undefined ? opaque('Fn::Sub') : this.#sub(source, variables, depth);
  }

  #sub(source: string, variables: PNode | undefined, depth: number): Evaluation {
    const values = splitTemplate(source, (sigil, inner) => {
      if (sigil === '&') {
        return [[text(`&{${inner}}`)]];
      }
      return this.#subVariable(inner.trim(), variables, depth);
    });
    return values ? { values } : opaque('Fn::Sub');
  }

  #subVariable(name: string, variables: PNode | undefined, depth: number): readonly Value[] {
    if (name.startsWith('!')) {
      return [[text(`\${${name.slice(1)}}`)]];
    }
    const given = valueOf(variables, name);
    const evaluation = given
      ? this.evaluate(given, 'literal', depth + 1)
      : name.includes(':') && !name.startsWith('AWS::')
        ? { values: [[unknown('variable', name)]] }
        : name.includes('.')
          ? this.#getAtt({ kind: 'string', value: name, start: 0, end: 0 }, depth + 1)
          : this.#ref(name, depth + 1);
    return 'values' in evaluation ? evaluation.values : [[unknown('opaque', name)]];
  }

  #join(argument: PNode, depth: number): Evaluation {
    const [delimiterNode, list] = itemsOf(argument);
    const delimiter = stringOf(delimiterNode);
    if (delimiter === undefined || list === undefined) {
      return opaque('Fn::Join');
    }

    const lists: Value[][] = [];
    for (const [index, item] of cfnLeaves(list).entries()) {
      const evaluation = this.evaluate(item, 'literal', depth);
      if ('invalid' in evaluation) {
        return opaque('Fn::Join');
      }
      lists.push(
        index === 0
          ? [...evaluation.values]
          : evaluation.values.map((v) => [text(delimiter), ...v]),
      );
    }
    const values = product(lists);
    return values ? { values } : opaque('Fn::Join');
  }

  #alternatives(nodes: readonly PNode[], depth: number): Evaluation {
    const values: Value[] = [];
    for (const node of nodes.flatMap(cfnLeaves)) {
      const evaluation = this.evaluate(node, 'literal', depth);
      if ('invalid' in evaluation) {
        return evaluation;
      }
      values.push(...evaluation.values);
    }
    return values.length > MAX_ALTERNATIVES ? opaque('too many alternatives') : { values };
  }

  #resource(logicalId: string): { type: string; node: ObjectNode } | undefined {
    const node = valueOf(this.#resources, logicalId);
    const type = stringOf(valueOf(node, 'Type'));
    return node?.kind === 'object' && type !== undefined ? { type, node } : undefined;
  }
}

/** `arn:<partition>:sqs:<region>:<account>:`, the ARN of a queue before its name. */
function arnPrefix(): Part[] {
  return [
    text('arn:'),
    unknown('partition', 'AWS::Partition'),
    text(':sqs:'),
    unknown('region', 'AWS::Region'),
    text(':'),
    unknown('account', 'AWS::AccountId'),
    text(':'),
  ];
}

function withEach(evaluation: Evaluation, map: (value: Value) => Value): Evaluation {
  return 'invalid' in evaluation ? evaluation : { values: evaluation.values.map(map) };
}
