import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { readHcl } from '../../src/iam/hcl-reader.js';
import { readJson } from '../../src/iam/json-reader.js';
import type { PNode } from '../../src/iam/node.js';
import { readYaml } from '../../src/iam/yaml-reader.js';

/** Every span of a tree lies inside the text; a reader must never invent offsets. */
function spansInside(node: PNode, length: number): boolean {
  if (node.start < 0 || node.end > length || node.start > node.end) {
    return false;
  }
  if (node.kind === 'array') {
    return node.items.every((item) => spansInside(item, length));
  }
  if (node.kind === 'object') {
    return node.entries.every((entry) => spansInside(entry.value, length));
  }
  return true;
}

/** Text made of the characters the readers branch on, so random input reaches their edges. */
const SYNTAX = fc.string({
  unit: fc.constantFrom(...'{}[]()":,=\\\n $%<-#/*EOFab1.!&'.split('')),
  maxLength: 200,
});

describe('the IAM readers', () => {
  test('read JSON exactly as JSON.parse accepts it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), SYNTAX), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const result = readJson(text);
        expect(result.ok).toBe(valid);
        return !result.ok || spansInside(result.node, text.length);
      }),
      { numRuns: 300 },
    );
  });

  test('never throw on arbitrary HCL or YAML', () => {
    fc.assert(
      fc.property(SYNTAX, (text) => {
        readHcl(text);
        const yaml = readYaml(text);
        return !yaml.ok || spansInside(yaml.node, text.length);
      }),
      { numRuns: 300 },
    );
  });

  test('keep the position of each JSON string', () => {
    const text = '{\n  "a": [1, "b\\"c", {"d": null}]\n}';
    const result = readJson(text);
    expect(
      result.ok && result.node.kind === 'object' && result.node.entries[0]?.value,
    ).toMatchObject({
      kind: 'array',
      items: [{ start: 10 }, { kind: 'string', value: 'b"c', start: 13, end: 19 }, { start: 21 }],
    });
  });
});
