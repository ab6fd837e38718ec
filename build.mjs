// Bundles the CLI into one CommonJS file, so that Node resolves and compiles little at start-up.
// Modules that only some commands need are required inside the functions that use them: the IPv4
// half of ip-address (28 kB) is bundled but only evaluated on --add and --remove; csv-stringify and
// cli-table3 stay in node_modules and load only for --csv and --table. Also writes the manual page
// dist/jool.1 from the same option table as --help.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// commander requires child_process at load time, only to run executable subcommands, which jool
// has none of. Loading it costs ~4 ms of every start, so the bundle gets a stand-in that refuses.
const noChildProcess = {
  name: 'no-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, () => ({ path: 'child_process', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: `module.exports = new Proxy({}, { get(_, name) { throw new Error('child_process.' + String(name) + ' is not available in jool'); } });`,
      loader: 'js',
    }));
  },
};

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/jool.js',
  external: ['csv-stringify', 'csv-stringify/*', 'cli-table3'],
  define: { JOOL_VERSION: JSON.stringify(version) },
  plugins: [noChildProcess],
});

// The manual page: bundle its generator, run it, keep only the page.
mkdirSync('dist/build', { recursive: true });
await build({ ...common, entryPoints: ['src/docs/manpage.ts'], outfile: 'dist/build/manpage.cjs' });
const { manPage } = createRequire(import.meta.url)('./dist/build/manpage.cjs');
// The date of the release (package.json's mtime would change with every checkout): the version's.
writeFileSync('dist/jool.1', manPage(version, 'November 2026'));
