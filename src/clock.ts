/**
 * A monotonic clock in milliseconds for timings. `performance.now()` would do, but the first
 * touch of the `performance` global loads nine internal modules, a cost every pre-commit run
 * paid for a number only `--debug` and the summary line show.
 */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
