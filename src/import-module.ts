/**
 * Imports a module by URL: JavaScript configuration files go through here. The published CLI
 * evaluates its bundle with vm.Script, to give V8 a code cache (see bin/keyfence.js), and there
 * import() fails unless Node runs with an experimental flag. bin/keyfence.js is loaded by Node
 * itself, so it hands its own import() in; everywhere else (tests, the Action's bundle) the
 * plain one works.
 */
type Importer = (specifier: string) => Promise<unknown>;

let importer: Importer = (specifier) => import(specifier);

export function setModuleImporter(next: Importer): void {
  importer = next;
}

export function importModule(specifier: string): Promise<unknown> {
  return importer(specifier);
}
