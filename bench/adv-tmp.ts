import { RULES } from '../rules/index.js';
import { adversarialInputs } from '../test/helpers/adversarial.js';
import { sourceFileOf } from '../test/helpers/source-file.js';
const size = Number(process.argv[2] ?? 100000);
for (const input of adversarialInputs(size)) {
  for (const rule of RULES) {
    if (rule.kind !== 'content') continue;
    const file = sourceFileOf(input.text);
    const t0 = performance.now();
    let n = 0;
    rule.check(file, () => { n++; });
    const ms = performance.now() - t0;
    if (ms > 10) console.log(size, input.name, rule.id, ms.toFixed(0), n);
  }
}
