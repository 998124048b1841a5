import { RULES } from '../rules/index.js';
import { Engine } from '../src/engine/engine.js';
import { compileKeywords, indexKeywords } from '../src/engine/prefilter.js';
import { decode } from '../src/engine/decode.js';
import type { ContentRule } from '../src/engine/types.js';
import { seededRandom } from '../test/helpers/fake-secrets.js';
const rules = RULES.filter((r): r is ContentRule => r.kind === 'content');
const LINES = ['import { readFile } from "node:fs/promises";','export function parseOptions(argv, defaults = {}) {','  const result = { ...defaults, verbose: argv.includes("--verbose") };','  for (const [index, item] of items.entries()) total += item.price * item.quantity;','  if (response.status >= 400) throw new HttpError(response.status, await response.text());','}','def handle_request(request, *, timeout=30):','\tctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)'];
const bufs: Buffer[] = [];
for (let i = 0; i < 1200; i++) { const r = seededRandom(i); let s = ''; const n = 1500 + Math.floor(r() * 47000); while (s.length < n) s += LINES[Math.floor(r() * LINES.length)] + '\n'; bufs.push(Buffer.from(s)); }
const bytes = bufs.reduce((a, b) => a + b.length, 0) / 1e6;
function t(name: string, fn: (b: Buffer) => unknown) { const t0 = performance.now(); for (const b of bufs) fn(b); const s = (performance.now() - t0) / 1000; console.log(name.padEnd(20), (bytes / s).toFixed(0), 'MB/s'); }
for (let k = 0; k < 2; k++) {
t('decode', (b) => decode(b));
const vocab = compileKeywords(rules.flatMap((r) => r.keywords));
const texts = bufs.map((b) => (decode(b) as { text: string }).text);
let i = 0;
t('prefilter', (b) => { const text = texts[i++ % texts.length]!; return indexKeywords(b, () => text, vocab).has('akia'); });
const engine = new Engine({ rules, mode: 'tree', config: {} });
t('engine', (b) => engine.scanFile({ path: 'a.ts', bytes: b }));
const lower = texts.map(x=>x);
i = 0; t('regex akia|..', () => /akia|asia|abia|acca|secret|session|security|absk|bedrock-api-key-|private key/gi.test(lower[i++ % lower.length]!));
i = 0; t('regex 4', () => /akia|asia|abia|acca/gi.test(lower[i++ % lower.length]!));
i = 0; t('regex 1', () => /secret/gi.test(lower[i++ % lower.length]!));
i = 0; t('indexOf 1', () => lower[i++ % lower.length]!.indexOf('secret'));
}
