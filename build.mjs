// Bundles the CLI into one file, so that Node resolves and compiles little at start-up, and makes
// V8's code cache for it (see bin/jool).
// Modules that only some commands need are required inside the functions that use them and stay in
// node_modules: ip-address (plain a.b.c.d[/len] prefixes are read without it; it reads the rest, and
// pool6 prefixes), csv-stringify (--csv) and cli-table3 (--table). Also writes the manual page
// dist/jool.1 from the same option table as --help.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The bundle is one function expression of CommonJS's arguments, which bin/jool compiles with
// node:vm so that it can hand V8 the code cache.
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];

await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/jool.js',
  external: ['csv-stringify', 'csv-stringify/*', 'cli-table3', 'ip-address/dist/ipv4.js', 'ip-address/dist/ipv6.js'],
  define: { JOOL_VERSION: JSON.stringify(version) },
  plugins: [noChildProcess],
  banner: { js: WRAPPER[0] },
  footer: { js: WRAPPER[1] },
});

// The code cache: compile the bundle, run the common commands on a scratch pool so that the
// functions they use are compiled too, and save what V8 compiled. Node 20 has no compile cache of
// its own. Run in a child process (the commands print, and set the exit status); if it fails, jool
// still works, compiling as usual.
const cacheRun = `
  const fs = require('node:fs'), os = require('node:os'), path = require('node:path'), vm = require('node:vm');
  const file = path.resolve('dist/jool.js');
  const script = new vm.Script(fs.readFileSync(file, 'utf8'), { filename: file });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, file, path.dirname(file));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jool-build-'));
  process.env.JOOL_POOL4_STATE = path.join(dir, 'pool4.json');
  // pool4 commands only: adding the BIB's to this run made the cache 40 kB larger and the add into
  // 100,000 samples 3% slower (bench/versus.mjs), for no gain the BIB cases needed.
  for (const argv of [['--display'], ['--add', '192.0.2.1'], ['--display'], ['--count'], ['--remove', '192.0.2.1'], ['--flush']]) {
    process.argv = [process.execPath, 'jool', '--pool4', ...argv];
    mod.exports.main();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.writeFileSync(file + '.cache', script.createCachedData());
  process.exitCode = 0;
`;
rmSync('dist/jool.js.cache', { force: true });
const cached = spawnSync(process.execPath, ['-e', cacheRun], { stdio: ['ignore', 'ignore', 'inherit'] });
if (cached.status !== 0) console.warn('build: no code cache made; jool will compile at start-up');

// The manual page: bundle its generator, run it, keep only the page.
mkdirSync('dist/build', { recursive: true });
await build({ ...common, entryPoints: ['src/docs/manpage.ts'], outfile: 'dist/build/manpage.cjs' });
const { manPage } = createRequire(import.meta.url)('./dist/build/manpage.cjs');
// The date of the release (package.json's mtime would change with every checkout): the version's.
writeFileSync('dist/jool.1', manPage(version, 'November 2026'));
