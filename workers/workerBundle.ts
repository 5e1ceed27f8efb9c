import { workerBundle as bundle } from '../common/workerBundle.js';

/** The pool's task, bundled from workers/unitTask.ts (see common/workerBundle for why a bundle). */
export function workerBundle(): Promise<{ url: URL; hash: string }> {
  return bundle('workers/unitTask.ts');
}
