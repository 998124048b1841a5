import pc from 'picocolors';

/** The colour functions reporters paint with; all identity functions when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Decides whether output is coloured: `--no-color`/`--color` first, then `NO_COLOR` and
 * `FORCE_COLOR` (https://no-color.org, https://force-color.org), then whether stdout is a TTY.
 */
export function shouldColor(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (flag !== undefined) {
    return flag;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
  }
  if (env.FORCE_COLOR !== undefined) {
    return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  }
  return isTTY;
}

export function colorsFor(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
