import type { EngineOptions } from '../engine/engine.js';
import type { AllowedValue } from './values.js';

/**
 * The engine options that turn on inline comments and `allow.values`, for every scanner that
 * builds an engine (tree, staged, history), so `--no-suppressions` means the same in each.
 *
 * @example
 * const suppress = suppressionOptions(config.allowedValues, options.noSuppressions);
 * const engine = new Engine({ rules, mode: 'history', config: config.raw, ...suppress });
 */
export function suppressionOptions(
  allowedValues: readonly AllowedValue[],
  noSuppressions: boolean,
): Pick<EngineOptions, 'inlineSuppressions' | 'allowedValues'> {
  return noSuppressions
    ? { inlineSuppressions: false, allowedValues: [] }
    : { inlineSuppressions: true, allowedValues };
}
