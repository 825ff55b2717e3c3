import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` in `dir` (the caller's `__dirname`).
 *
 * From dist/ that is the compiled `name.js`. Where the sources run unbuilt (under ts-jest) there
 * is no `.js`: the `.ts` entry and the sibling modules it requires are then transpiled here,
 * once per process, with TypeScript's own `transpileModule`, and the thread loads them through a
 * `.ts` require hook. Not through the test runner's transform: under `jest --coverage` that one
 * adds counters the thread cannot see. A worker module may therefore import packages and
 * relative paths only, never the `@policy/*` aliases, which only the build rewrites.
 */
export const startWorker = (dir: string, name: string, options: WorkerOptions): Worker => {
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) return new Worker(compiled, options);
  const entry = join(dir, `${name}.ts`);
  return new Worker(fromSource(entry, transpileTree(entry)), { ...options, eval: true });
};

/** The thread's bootstrap: serve the transpiled modules for `.ts` files, then load the entry. */
const fromSource = (entry: string, modules: Record<string, string>): string => `
  const Module = require('node:module');
  const modules = ${JSON.stringify(modules)};
  Module._extensions['.ts'] = (module, filename) => {
    if (!(filename in modules)) throw new Error(filename + ' was not transpiled for this worker thread');
    module._compile(modules[filename], filename);
  };
  require(${JSON.stringify(entry)});
`;

/** The entry and every `.ts` module it reaches by relative `require`, transpiled to CommonJS. */
const transpileTree = (entry: string): Record<string, string> => {
  const modules: Record<string, string> = {};
  const visit = (file: string): void => {
    if (file in modules) return;
    const code = transpile(file);
    modules[file] = code;
    for (const [, specifier] of code.matchAll(/require\("(\.\.?\/[^"]+)"\)/g)) {
      const target = resolve(dirname(file), specifier);
      const source = target.endsWith('.ts') ? target : `${target}.ts`;
      if (existsSync(source)) visit(source);
    }
  };
  visit(entry);
  return modules;
};

const transpiled = new Map<string, string>();

const transpile = (file: string): string => {
  const cached = transpiled.get(file);
  if (cached !== undefined) return cached;
  // Loaded on first use only: the built service never needs the compiler (a dev dependency).
  const ts = createRequire(__filename)('typescript') as typeof import('typescript');
  const code = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  transpiled.set(file, code);
  return code;
};
