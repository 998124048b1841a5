import { parentPort, workerData } from 'node:worker_threads';

import { RULES } from '../../rules/index.js';
import { Engine } from '../engine/engine.js';
import type { SkipReason } from '../engine/types.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './history-pool.js';

/**
 * A worker thread of the history scan: it runs the engine on the blobs the main thread reads
 * from git, so reading and scanning proceed on two cores. It builds its own engine from the
 * built-in rules, because rules are code and cannot be sent between threads.
 */
const setup = workerData as WorkerSetup;
const enabled = new Set(setup.ruleIds);
const rules = RULES.filter((rule) => enabled.has(rule.id));
const engine = new Engine({
  rules,
  mode: 'history',
  config: setup.config,
  severityOverrides: new Map(setup.severityOverrides),
  showSecrets: setup.showSecrets,
  ...setup.suppression,
});

parentPort?.on('message', (job: WorkerJob) => {
  if (job.kind === 'close') {
    const reply: WorkerReply = { kind: 'stats', stats: engine.stats };
    parentPort?.postMessage(reply);
    return;
  }

  const bytes = job.bytes;
  const { findings, isKeywordFree } = engine.scanFileAndKeywords(
    bytes === undefined
      ? { path: job.path, skipped: job.skipped ?? ('unreadable' satisfies SkipReason) }
      : { path: job.path, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) },
  );
  const size = job.bytes?.length ?? 0;
  const reply: WorkerReply = { kind: 'result', id: job.id, findings, isKeywordFree, size };
  parentPort?.postMessage(reply);
});
