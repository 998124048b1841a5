import { itemsOf, type PNode } from './node.js';
import { iamStringValue, type Evaluation, type Resolver } from './value.js';

/**
 * The resolver of a policy written as plain JSON or YAML: strings are what they say (with IAM
 * policy variables), and anything that is not a string where IAM wants one is malformed; a
 * CloudFormation `Fn::Sub` object in a standalone policy file is not an ARN.
 */
export const PLAIN_RESOLVER: Resolver = {
  evaluate(node: PNode): Evaluation {
    return scalarEvaluation(node) ?? { invalid: `${describeNode(node)} where a string belongs` };
  },
  leaves: itemsOf,
};

/** Strings and numbers evaluate the same in every format; undefined for anything else. */
export function scalarEvaluation(node: PNode): Evaluation | undefined {
  if (node.kind === 'string') {
    return { values: [iamStringValue(node.value)] };
  }
  if (node.kind === 'scalar' && typeof node.value === 'number') {
    return { values: [[{ text: String(node.value) }]] };
  }
  return undefined;
}

export function describeNode(node: PNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'expr':
      return 'an expression';
    case 'scalar':
      return node.value === null ? 'null' : typeof node.value;
    case 'string':
      return 'string';
  }
}
