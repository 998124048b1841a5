import manifest from '../package.json' with { type: 'json' };

/** keyfence's version, from package.json; the build inlines it. */
export const VERSION: string = manifest.version;
