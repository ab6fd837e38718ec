// Bundles the CLI into one CommonJS file, so that Node resolves and compiles little at start-up.
// The libraries only some commands need stay outside and are required when those commands run.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/jool.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['csv-stringify', 'csv-stringify/*', 'ip-address', 'cli-table3'],
  define: { JOOL_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
