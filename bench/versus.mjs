// This jool against another build of it (an earlier release), case by case, side by side:
//   node bench/versus.mjs /path/to/other/bin/jool [runs per side] [--instructions]
// Each side gets pools written by its own build (their state formats may differ); the two
// alternate (each goes first every other round), after warm-up runs; the table gives medians and
// this/other. With --instructions, each run is counted in instructions under valgrind's callgrind
// instead of timed: slow (some 50 times), but the same count for the same work whatever else the
// host is doing, where wall times on a shared host move by 10% from one run to the next.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'jool');
const OTHER = process.argv[2] && resolve(process.argv[2]);
if (!OTHER) {
  console.error('usage: node bench/versus.mjs <other bin/jool> [runs per side]');
  process.exit(2);
}
const args = process.argv.slice(3);
const INSTRUCTIONS = args.includes('--instructions');
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? (INSTRUCTIONS ? 3 : 15));
const WARMUP = INSTRUCTIONS ? 0 : 2;
const dir = mkdtempSync(join(tmpdir(), 'jool-versus-'));

/** Milliseconds, or with --instructions millions of instructions (only for the cases, not to make the pools). */
function run(bin, args, state, status = 0, metered = false) {
  const argv = [bin, ...args];
  const counted = metered && INSTRUCTIONS;
  const t0 = process.hrtime.bigint();
  const r = counted
    ? spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...argv], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, JOOL_POOL4_STATE: state },
      })
    : spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, JOOL_POOL4_STATE: state } });
  if (r.status !== status) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr}`);
  if (!counted) return Number(process.hrtime.bigint() - t0) / 1e6;
  const collected = /Collected : (\d+)/.exec(r.stderr);
  if (collected === null) throw new Error(`valgrind printed no count: ${r.stderr}`);
  return Number(collected[1]) / 1e6;
}

// Each side's pools, written by that side: a /16, and 100,000 samples that cannot merge.
const sides = {};
for (const [name, bin] of [
  ['this', THIS],
  ['other', OTHER],
]) {
  const big = join(dir, `${name}-big.json`);
  run(bin, ['--pool4', '--add', '--force', '10.0.0.0/16'], big);
  const lines = ['Mark,Protocol,Address,Min port,Max port'];
  for (let i = 0; i < 100_000; i++) {
    const a = 0x0b000000 + i;
    lines.push(`0,TCP,${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255},${i % 2 ? '3000,3999' : '1000,1999'}`);
  }
  const csv = join(dir, 'fragmented.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const template = join(dir, `${name}-fragmented.template.json`);
  run(bin, ['--pool4', '--import', csv], template);
  // The plan's target: the same addresses, every tenth holding other ports.
  const desired = lines.map((l, i) => (i > 0 && (i - 1) % 10 === 0 ? l.replace(/,\d+,\d+$/, ',5000,5999') : l));
  writeFileSync(csv, `${desired.join('\n')}\n`);
  const planned = join(dir, `${name}-planned.json`);
  run(bin, ['--pool4', '--import', csv], planned);
  sides[name] = { bin, big, template, planned, fragmented: join(dir, `${name}-fragmented.json`), scratch: join(dir, `${name}-scratch.json`), empty: join(dir, 'none.json') };
}
spawnSync('sync');

const cases = [
  ['cold start: --display, empty pool', (s) => run(s.bin, ['--pool4', '--display'], s.empty, 0, true)],
  [
    'big add: --add --force 10.0.0.0/16',
    (s) => {
      rmSync(s.scratch, { force: true });
      return run(s.bin, ['--pool4', '--add', '--force', '10.0.0.0/16'], s.scratch, 0, true);
    },
  ],
  ['big count: --count of the /16', (s) => run(s.bin, ['--pool4', '--count'], s.big, 0, true)],
  ['big display: --display of the /16', (s) => run(s.bin, ['--pool4', '--display'], s.big, 0, true)],
  [
    'fragmented: one --add into 100,000 samples',
    (s) => {
      copyFileSync(s.template, s.fragmented);
      return run(s.bin, ['--pool4', '--add', '--tcp', '192.0.2.1'], s.fragmented, 0, true);
    },
  ],
  [
    'jool4 fragmented: one pool4 add into 100,000 samples',
    (s) => {
      copyFileSync(s.template, s.fragmented);
      return run(s.bin, ['pool4', 'add', '--tcp', '192.0.2.1', '1000-1999'], s.fragmented, 0, true);
    },
  ],
  ['plan: --plan between two 100,000-sample pools', (s) => run(s.bin, ['--pool4', '--plan', s.planned], s.template, 1, true)],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const unit = INSTRUCTIONS ? 'M instructions' : 'ms';
console.log(`Node ${process.version}, ${RUNS} runs per side after ${WARMUP} warm-up, alternating; medians${INSTRUCTIONS ? ' of instructions counted by callgrind' : ''}.\n`);
console.log(`| case | this | other (${OTHER}) | this/other |`);
console.log('| --- | ---: | ---: | ---: |');
// BENCH_ONLY=plan,fragmented runs the cases whose names start with those words, as in run.mjs.
const only = process.env.BENCH_ONLY?.split(',');
for (const [name, once] of cases) {
  if (only !== undefined && !only.some((w) => name.startsWith(w))) continue;
  const times = { this: [], other: [] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const side of i % 2 === 0 ? ['this', 'other'] : ['other', 'this']) {
      const ms = once(sides[side]);
      if (i >= WARMUP) times[side].push(ms);
    }
  }
  const [a, b] = [median(times.this), median(times.other)];
  console.log(`| ${name} | ${a.toFixed(1)} ${unit} | ${b.toFixed(1)} ${unit} | ${(a / b).toFixed(3)} |`);
}
rmSync(dir, { recursive: true, force: true });
