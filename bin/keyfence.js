#!/usr/bin/env node
// The published entry point. CommonJS (bin/package.json says so), because Node starts its ES
// module loader only for ES modules and the pre-commit hook pays for every millisecond.
//
// It runs the bundle through a V8 code cache kept beside it: compiling the bundle costs about
// 20 ms on each start, loading the cache about 5. V8 checks that a cache matches its own version
// and flags and the length of the source, but not the source itself, so the cache file is named
// after the bundle's size and modification time, and the build empties dist/. Each command has
// its own cache, written after its first run that ends normally, so that it holds the functions
// that command compiled and not only those of whichever command ran first. The cache is as
// trusted as the bundle: whoever can write one can write the other. A folder that cannot be
// written (a global install by root) runs without a cache. KEYFENCE_CODE_CACHE=0 turns it off.
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '../dist/keyfence.cjs');
const useCache = process.env.KEYFENCE_CODE_CACHE !== '0';

// `keyfence history` keeps one core busy with git inflating objects and one with the scan, and
// V8's helper threads (one per core by default, for the GC and the optimising compiler) then
// take turns with git. The pool size is fixed when Node starts, so history starts Node once
// more with one helper, unless the user chose a size: interleaved runs of the history benchmark
// took 3.26 s this way against 3.42 s without, the second start included.
const HISTORY_NODE_OPTION = '--v8-pool-size=1';
const choseSize = process.execArgv.some((option) => option.startsWith('--v8-pool-size'));
if (process.argv[2] === 'history' && !choseSize && runAgain([HISTORY_NODE_OPTION])) {
  return;
}

const source = readBundle();
const cacheFile = useCache ? cacheFileFor(bundle, process.argv[2]) : undefined;
const cachedData = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });

const exported = { exports: {} };
script
  .runInThisContext()
  .call(
    exported.exports,
    exported.exports,
    Module.createRequire(bundle),
    exported,
    bundle,
    path.dirname(bundle),
  );

// import() does not work in code that vm.Script compiled; JavaScript configs load with this one.
const importModule = (specifier) => import(specifier);

exported.exports.run({ importModule }).then((status) => {
  process.exitCode = status;
  // Exit 2 is a usage or input error: no cache for a mistyped command.
  const completed = status === 0 || status === 1;
  const wanted = !cachedData || script.cachedDataRejected;
  // Serialising the cache costs several milliseconds: not on every run where it cannot be kept.
  if (cacheFile !== undefined && completed && wanted && isWritable(path.dirname(cacheFile))) {
    writeAtomically(cacheFile, script.createCachedData());
  }
});

/**
 * Runs this entry point again in a new Node with `options`, and ends with its status. Returns
 * false, having run nothing, when Node could not be started.
 */
function runAgain(options) {
  const { spawnSync } = require('node:child_process');
  const args = [...options, ...process.execArgv, __filename, ...process.argv.slice(2)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.error !== undefined) {
    return false;
  }
  if (result.signal) {
    process.kill(process.pid, result.signal);
  }
  process.exitCode = result.status ?? 2;
  return true;
}

function readBundle() {
  try {
    return fs.readFileSync(bundle, 'utf8');
  } catch (error) {
    process.stderr.write(
      `keyfence: cannot read ${bundle} (${error.code ?? error.message}).\n` +
        'Run `npm run build` in a checkout of keyfence, or reinstall the package.\n',
    );
    process.exit(2);
  }
}

function cacheFileFor(file, command) {
  const { size, mtimeMs } = fs.statSync(file);
  const name = /^[a-z]+$/.test(command ?? '') ? command : 'other';
  const key = [process.versions.v8, process.arch, size, Math.round(mtimeMs), name].join('-');
  return path.join(path.dirname(file), `.keyfence-${key}.v8cache`);
}

function readIfPresent(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function isWritable(folder) {
  try {
    fs.accessSync(folder, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
