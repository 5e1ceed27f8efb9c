import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../common/errors.js';

const ASSETS_DIR = fileURLToPath(new URL('./assets', import.meta.url));

/**
 * Vega's minified UMD build, found through Node's resolver: vega's package exports only its ES
 * module, which sits beside the UMD file in build/.
 */
function vegaBuild(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('vega')), 'vega.min.js');
}

/**
 * Writes the report's files: assets/ first, then index.html under a temporary name renamed into
 * place, so an index.html that exists is always complete and its assets are already beside it.
 */
export function writeReportFiles(out: string, indexHtml: string): string {
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file; pass a folder for the report`);
  const assets = path.join(out, 'assets');
  fs.mkdirSync(assets, { recursive: true });
  fs.copyFileSync(vegaBuild(), path.join(assets, 'vega.min.js'));
  for (const name of ['render.js', 'report.css']) fs.copyFileSync(path.join(ASSETS_DIR, name), path.join(assets, name));
  const index = path.join(out, 'index.html');
  const temporary = `${index}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, indexHtml);
  fs.renameSync(temporary, index);
  return path.resolve(index);
}
