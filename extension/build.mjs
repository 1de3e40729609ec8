// One IIFE bundle per strategy: dist/<strategy>.js (service worker) and
// dist/<strategy>.content.js (content script); `--outdir DIR` writes them to DIR instead (the
// syncsim build keeps its own copy in its build tree). The strategy is chosen at bundle time through
// `define: {__STRATEGY__}` (src/background/config.ts). Output depends only on the sources:
// paths are relative to this folder, no source maps, no minification.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// baseline, approach1 and approach2 share the plan's worker code; hardened has its own.
const STRATEGIES = [
  { name: 'baseline', background: 'src/background/index.ts' },
  { name: 'approach1', background: 'src/background/index.ts' },
  { name: 'approach2', background: 'src/background/index.ts' },
  { name: 'hardened', background: 'src/hardened/index.ts' },
];
const CONTENT = 'src/content/visibility-tracker.ts';
const at = process.argv.indexOf('--outdir');
const OUT = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : path.join(HERE, 'dist');

const common = {
  absWorkingDir: HERE,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
};

for (const { name, background } of STRATEGIES) {
  const define = { __STRATEGY__: JSON.stringify(name) };
  await build({ ...common, define, entryPoints: [background], outfile: path.join(OUT, `${name}.js`) });
  await build({ ...common, define, entryPoints: [CONTENT], outfile: path.join(OUT, `${name}.content.js`) });
}
console.log(`built ${STRATEGIES.length * 2} bundles in ${path.relative(HERE, OUT) || '.'}/`);
