'use strict';
/**
 * The pool's entry point, plain CommonJS on purpose. Piscina require()s its worker file, and
 * under tsx a require()d TypeScript file is compiled to CommonJS, where every imported binding
 * (`uniform`, `Purpose`, `pickCumulative`…) is read through two export getters on each use: that
 * was ~7% of a worker's CPU, and made a block's player traits ~5× slower than under ES modules.
 * So this loads the task through tsx's ES module loader instead (on Node 20 tsx's global ESM
 * hooks do not reach worker threads, so it asks for them by name).
 */
let runUnit = null;

module.exports = async function unitTask(task) {
  if (!runUnit) {
    const { tsImport } = await import('tsx/esm/api');
    runUnit = (await tsImport('./unitTask.ts', __filename)).default;
  }
  return runUnit(task);
};
