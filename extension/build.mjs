// One IIFE bundle per strategy: dist/<strategy>.js (service worker) and
// dist/<strategy>.content.js (content script). The strategy is chosen at bundle time through
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
  await build({ ...common, define, entryPoints: [background], outfile: `dist/${name}.js` });
  await build({ ...common, define, entryPoints: [CONTENT], outfile: `dist/${name}.content.js` });
}
console.log(`built ${STRATEGIES.length * 2} bundles in dist/`);
