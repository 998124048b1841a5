import type { BuildOptions } from 'esbuild';

/** esbuild options for dist/action/index.js, shared by the build and its staleness test. */
export declare const ACTION_BUILD_OPTIONS: BuildOptions;
