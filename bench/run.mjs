// npm run bench: jool's speed against baselines, side by side in one run.
//
// Each case runs A (jool) and B (its baseline) alternately, after a warm-up, and reports the
// medians, the ratio A/B and each side's peak RSS. Usage: node bench/run.mjs [runs per side]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { addressOf, blockOf } = createRequire(import.meta.url)('./carrier.cjs');
const JOOL = join(root, 'bin', 'jool');
const RSS = join(root, 'bench', 'rss.cjs');
const RUNS = Number(process.argv[2] ?? 15);
const WARMUP = 2;

const dir = mkdtempSync(join(tmpdir(), 'jool-bench-'));
const empty = join(dir, 'empty.json'); // never created: an empty pool
const big = join(dir, 'big.json');
const fragmented = join(dir, 'fragmented.json');
const fragmentedTemplate = join(dir, 'fragmented.template.json');
const scratch = join(dir, 'scratch.json');
const rssFile = join(dir, 'rss');
const displayOut = join(dir, 'display.out');

/** Runs argv once; returns wall milliseconds. With measureRss, also the peak RSS in bytes. */
function once(argv, { env = {}, stdoutFile, measureRss = false, status = 0 } = {}) {
  const out = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  const args = measureRss ? ['--require', RSS, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (out !== 'ignore') closeSync(out);
  if (r.status !== status) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, rss: measureRss ? Number(readFileSync(rssFile, 'utf8')) : undefined };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const jool = (...args) => [JOOL, ...args];
const state = (path) => ({ JOOL_POOL4_STATE: path });

// The pools.
once(jool('--pool4', '--add', '--force', '10.0.0.0/16'), { env: state(big) });
{
  // 100,000 samples that cannot merge: each address's ports differ from its neighbours'.
  const runs = [];
  for (let i = 0; i < 100_000; i++) {
    const a = 0x0b000000 + i; // 11.0.0.0 up
    runs.push(`"${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255} ${i % 2 ? '3000-3999' : '1000-1999'}"`);
  }
  writeFileSync(
    fragmentedTemplate,
    `{\n  "format": "jool-pool4-state",\n  "version": 1,\n  "tables": [\n    {\n      "mark": 0,\n      "protocol": "TCP",\n      "runs": [\n        ${runs.join(',\n        ')}\n      ]\n    }\n  ]\n}\n`,
  );
  // That is version 1; a change that changes nothing has jool write it back in its own layout (version 4).
  once(jool('--pool4', '--remove', '192.0.2.1'), { env: state(fragmentedTemplate) });
  if (!readFileSync(fragmentedTemplate, 'utf8').includes('"version": 4')) throw new Error('fragmented pool: not rewritten as version 4');
  copyFileSync(fragmentedTemplate, fragmented);
  const count = spawnSync(process.execPath, jool('--pool4', '--count'), { env: { ...process.env, ...state(fragmented) }, encoding: 'utf8' }).stdout;
  if (!count.includes('samples: 100000')) throw new Error(`fragmented pool: ${count}`);
}

// A desired pool for --plan: the same 100,000 addresses, every tenth holding other ports.
const planned = join(dir, 'planned.json');
{
  const lines = ['Mark,Protocol,Address,Min port,Max port'];
  for (let i = 0; i < 100_000; i++) {
    const a = 0x0b000000 + i;
    const ports = i % 10 === 0 ? '5000,5999' : i % 2 ? '3000,3999' : '1000,1999';
    lines.push(`0,TCP,${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255},${ports}`);
  }
  const csv = join(dir, 'planned.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  once(jool('--pool4', '--import', csv), { env: state(planned) });
}

// A BIB of 65,536 static TCP entries on 10.0.0.0/16 (port 61000 each; 2001:db8::<n>#80), imported.
const bibBig = join(dir, 'bib.json');
const bibTemplate = join(dir, 'bib.template.json');
{
  const bib = [];
  for (let i = 0; i < 65536; i++) bib.push({ protocol: 'TCP', 'ipv6 address': `2001:db8::${i.toString(16)}#80`, 'ipv4 address': `10.0.${i >> 8}.${i & 255}#61000` });
  const json = join(dir, 'bib-import.json');
  writeFileSync(json, JSON.stringify({ pool4: [{ protocol: 'TCP', prefix: '10.0.0.0/16', 'port range': '60001-65535' }], bib }));
  once(jool('--pool4', '--import', json), { env: state(bibTemplate) });
  copyFileSync(bibTemplate, bibBig);
  const count = spawnSync(process.execPath, jool('--bib', '--count', '--tcp'), { env: { ...process.env, ...state(bibBig) }, encoding: 'utf8' }).stdout;
  if (count !== 'TCP: 65536\n') throw new Error(`BIB: ${count}`);
}

// The carrier pool: 65,536 marks x 3 protocols and a BIB entry per mark (bench/carrier.cjs), by file handle.
const carrierConfig = join(dir, 'carrier-config.json');
const carrierTemplate = join(dir, 'carrier.template.json');
const carrier = join(dir, 'carrier.json');
const handled = join(dir, 'handled.json');
const plainHandled = join(dir, 'plain-handled.json');
/** The many-marks cases' memory target: a peak RSS under 256 MiB. */
const MIB_256 = 256 * 2 ** 20;
const CARRIER_MARK = 40000; // a multiple of 64: it has a BIB entry
const [carrierMin, carrierMax] = blockOf(CARRIER_MARK);
{
  writeFileSync(carrierConfig, spawnSync(process.execPath, [join(root, 'bench', 'carrier.cjs')], { maxBuffer: 1 << 30 }).stdout);
  once(jool('file', 'handle', carrierConfig, '--force'), { env: state(carrierTemplate) });
  const count = spawnSync(process.execPath, jool('--pool4', '--count'), { env: { ...process.env, ...state(carrierTemplate) }, encoding: 'utf8' }).stdout;
  if (count !== 'tables: 196608\nsamples: 196608\ntransport addresses: 198180864\n') throw new Error(`carrier pool: ${count}`);
}
const carrierBytes = statSync(carrierTemplate).size;
// A quarter of it, and both with every block a port shorter: how cost grows with the marks.
const quarterConfig = join(dir, 'quarter-config.json');
const quarterTemplate = join(dir, 'quarter.template.json');
const shorterConfig = join(dir, 'shorter-config.json');
const quarterShorterConfig = join(dir, 'quarter-shorter-config.json');
{
  const carrierJs = join(root, 'bench', 'carrier.cjs');
  writeFileSync(quarterConfig, spawnSync(process.execPath, [carrierJs, '16384'], { maxBuffer: 1 << 30 }).stdout);
  writeFileSync(shorterConfig, spawnSync(process.execPath, [carrierJs, '65536', '--shorter'], { maxBuffer: 1 << 30 }).stdout);
  writeFileSync(quarterShorterConfig, spawnSync(process.execPath, [carrierJs, '16384', '--shorter'], { maxBuffer: 1 << 30 }).stdout);
  once(jool('file', 'handle', quarterConfig, '--force'), { env: state(quarterTemplate) });
}
// A million logged transport addresses of the carrier pool, for --lookup: each in some mark's block.
const lookups = join(dir, 'lookups.txt');
{
  const lines = [];
  let seed = 1;
  for (let i = 0; i < 1_000_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const mark = seed % 65536;
    const [min] = blockOf(mark);
    lines.push(`${addressOf(mark)}#${min + (i % 1008)} tcp`);
  }
  writeFileSync(lookups, `${lines.join('\n')}\n`);
}
const copyCarrier = () => copyFileSync(carrierTemplate, carrier);
const noScratch = () => rmSync(scratch, { force: true });

// Let the pools just written reach the disk before timing, so that write-back does not land on the first case.
spawnSync('sync');

const cases = [
  {
    name: 'cold start',
    a: { argv: jool('--pool4', '--display'), env: state(empty), label: '`jool --pool4 --display`, empty pool' },
    b: { argv: ['-e', '0'], label: '`node -e 0`' },
    target: 1.15,
  },
  {
    name: 'big add',
    a: { argv: jool('--pool4', '--add', '--force', '10.0.0.0/16'), env: state(scratch), before: () => rmSync(scratch, { force: true }), label: '`--add --force 10.0.0.0/16` into an empty pool' },
    b: { argv: jool('--pool4', '--count'), env: state(empty), label: '`--count`, empty pool' },
    target: 1.5,
  },
  {
    name: 'big count',
    a: { argv: jool('--pool4', '--count'), env: state(big), label: '`--count` of the /16 pool (196,608 samples)' },
    b: { argv: jool('--pool4', '--count'), env: state(empty), label: '`--count`, empty pool' },
    target: 1.5,
  },
  {
    name: 'big display',
    a: { argv: jool('--pool4', '--display'), env: state(big), stdoutFile: displayOut, label: '`--display` of the /16 pool, to a file' },
    b: { argv: [join(root, 'bench', 'plain-display.cjs')], stdoutFile: displayOut, label: 'plain node writing the same 196,608 lines' },
    target: 2.0,
  },
  {
    name: 'fragmented',
    a: {
      argv: jool('--pool4', '--add', '--tcp', '192.0.2.1'),
      env: state(fragmented),
      before: () => copyFileSync(fragmentedTemplate, fragmented),
      label: 'one `--add` into 100,000 non-mergeable samples',
    },
    b: { argv: jool('--pool4', '--count'), env: state(empty), label: '`--count`, empty pool' },
    target: 1.5,
  },
  {
    name: 'plan',
    a: {
      argv: jool('--pool4', '--plan', planned),
      env: state(fragmentedTemplate),
      stdoutFile: displayOut,
      status: 1,
      label: '`--plan` between two 100,000-sample pools (state files; 10,000 addresses differ)',
    },
    b: { argv: jool('--pool4', '--count'), env: state(fragmentedTemplate), label: '`--count` of one of them' },
    target: 2.5,
  },
  {
    name: 'jool4 display',
    a: { argv: jool('pool4', 'display', '--tcp'), env: state(big), stdoutFile: displayOut, label: '`jool pool4 display --tcp` of the /16 pool, to a file' },
    b: { argv: [join(root, 'bench', 'plain-display4.cjs')], stdoutFile: displayOut, label: 'plain node writing the same 65,540 lines' },
    target: 2.0,
  },
  {
    name: 'jool4 fragmented',
    a: {
      argv: jool('pool4', 'add', '--tcp', '192.0.2.1', '1000-1999'),
      env: state(fragmented),
      before: () => copyFileSync(fragmentedTemplate, fragmented),
      label: 'one `jool pool4 add` into 100,000 non-mergeable samples',
    },
    b: { argv: jool('--pool4', '--count'), env: state(empty), label: '`--count`, empty pool' },
    target: 1.5,
  },
  {
    name: 'bib display',
    a: { argv: jool('bib', 'display', '--numeric'), env: state(bibBig), stdoutFile: displayOut, label: '`jool bib display --numeric` of 65,536 static entries, to a file' },
    b: { argv: [join(root, 'bench', 'plain-bib-display.cjs')], stdoutFile: displayOut, label: 'plain node writing the same 65,536 lines' },
    target: 1.5,
  },
  {
    name: 'cascade',
    a: {
      argv: jool('pool4', 'remove', '10.0.0.0/16'),
      env: state(bibBig),
      before: () => copyFileSync(bibTemplate, bibBig),
      label: '`jool pool4 remove 10.0.0.0/16`, which takes the 65,536 entries with it',
    },
    b: { argv: jool('--pool4', '--count'), env: state(empty), label: '`--count`, empty pool' },
    target: 2.0,
  },
  {
    name: 'marks add',
    maxRss: MIB_256,
    a: {
      argv: jool('pool4', 'add', '--mark', String(CARRIER_MARK), '--tcp', '198.51.100.1', '1000-2000'),
      env: state(carrier),
      before: copyCarrier,
      label: 'one `pool4 add --mark 40000` into the carrier pool (65,536 marks)',
    },
    b: { argv: jool('pool4', 'add', '--mark', String(CARRIER_MARK), '--tcp', '198.51.100.1', '1000-2000'), env: state(scratch), before: noScratch, label: 'the same add into an empty pool' },
    target: 1.3,
  },
  {
    name: 'marks display',
    maxRss: MIB_256,
    a: { argv: jool('--pool4', '--display', '--mark', String(CARRIER_MARK)), env: state(carrierTemplate), label: '`--pool4 --display --mark 40000` of the carrier pool' },
    b: { argv: jool('--pool4', '--display', '--mark', String(CARRIER_MARK)), env: state(empty), label: 'the same, empty pool' },
    target: 1.3,
  },
  {
    name: 'marks count',
    maxRss: MIB_256,
    a: { argv: jool('--pool4', '--count'), env: state(carrierTemplate), label: '`--pool4 --count` of the carrier pool' },
    b: { argv: jool('--pool4', '--count'), env: state(empty), label: '`--pool4 --count`, empty pool' },
    target: 1.3,
  },
  {
    name: 'marks cascade',
    maxRss: MIB_256,
    a: {
      argv: jool('pool4', 'remove', '--mark', String(CARRIER_MARK), '--tcp', addressOf(CARRIER_MARK), `${carrierMin}-${carrierMax}`),
      env: state(carrier),
      before: copyCarrier,
      label: "`pool4 remove` of mark 40000's TCP table from the carrier pool, which takes its BIB entry (of 1,024) along",
    },
    b: {
      argv: jool('pool4', 'remove', '--mark', String(CARRIER_MARK), '--tcp', addressOf(CARRIER_MARK), `${carrierMin}-${carrierMax}`),
      env: state(scratch),
      before: noScratch,
      label: 'the same remove, empty pool',
    },
    target: 1.5,
  },
  {
    name: 'marks file handle',
    maxRss: MIB_256,
    a: {
      argv: jool('file', 'handle', carrierConfig, '--force'),
      env: state(handled),
      before: () => rmSync(handled, { force: true }),
      label: '`file handle` of the carrier pool (196,608 pool4 and 1,024 BIB entries) into an empty state',
    },
    b: { argv: [join(root, 'bench', 'plain-file-handle.cjs'), carrierConfig, plainHandled, String(carrierBytes)], label: 'plain node: JSON.parse of the file, and an atomic write of as many bytes' },
    target: 3,
  },
  {
    name: 'marks display all',
    maxRss: MIB_256,
    a: { argv: jool('pool4', 'display', '--tcp'), env: state(carrierTemplate), stdoutFile: displayOut, label: '`jool pool4 display --tcp` of the carrier pool (65,536 tables), to a file' },
    b: { argv: [join(root, 'bench', 'plain-carrier-display4.cjs')], stdoutFile: displayOut, label: 'plain node writing the same 196,611 lines' },
    target: 1.5,
  },
  {
    name: 'marks lookup',
    maxRss: MIB_256,
    a: {
      argv: jool('--pool4', '--lookup', lookups),
      env: state(carrierTemplate),
      stdoutFile: displayOut,
      label: '`--pool4 --lookup` of a million TCP transport addresses in the carrier pool (65,536 marks), to a file',
    },
    b: { argv: [join(root, 'bench', 'plain-lookup.cjs'), lookups], stdoutFile: displayOut, label: 'plain node reading the same lines, splitting each, writing a line per lookup' },
    target: 3,
  },
  {
    name: 'marks growth: file handle',
    a: { argv: jool('file', 'handle', carrierConfig, '--force'), env: state(handled), before: () => rmSync(handled, { force: true }), label: '`file handle` of 65,536 marks' },
    b: { argv: jool('file', 'handle', quarterConfig, '--force'), env: state(handled), before: () => rmSync(handled, { force: true }), label: '`file handle` of 16,384 marks' },
    target: 4.5,
  },
  {
    name: 'marks growth: plan',
    a: {
      argv: jool('--pool4', '--plan', shorterConfig, '--syntax', 'jool4'),
      env: state(carrierTemplate),
      stdoutFile: displayOut,
      status: 1,
      label: '`--plan` of 65,536 marks, every table changed (196,612 lines)',
    },
    b: { argv: jool('--pool4', '--plan', quarterShorterConfig, '--syntax', 'jool4'), env: state(quarterTemplate), stdoutFile: displayOut, status: 1, label: 'the same of 16,384 marks' },
    target: 4.5,
  },
];

const only = process.env.BENCH_ONLY;
const results = [];
for (const c of cases) {
  if (only && !only.split(',').includes(c.name)) continue;
  const times = { a: [], b: [] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const side of ['a', 'b']) {
      const s = c[side];
      s.before?.();
      const { ms } = once(s.argv, s);
      if (i >= WARMUP) times[side].push(ms);
    }
  }
  // The peak RSS of each side, from one more run with the reporting preload (not timed).
  const rss = {};
  for (const side of ['a', 'b']) {
    c[side].before?.();
    rss[side] = once(c[side].argv, { ...c[side], measureRss: true }).rss;
  }
  const a = median(times.a);
  const b = median(times.b);
  results.push({ name: c.name, target: c.target, maxRss: c.maxRss, labels: { a: c.a.label, b: c.b.label }, a, b, ratio: a / b, rss });
  process.stderr.write(`${c.name}: ${a.toFixed(1)} / ${b.toFixed(1)} ms = ${(a / b).toFixed(2)}\n`);
}
rmSync(dir, { recursive: true, force: true });

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
console.log(`Node ${process.version}, ${RUNS} runs per side after ${WARMUP} warm-up, alternating; medians.\n`);
console.log('| case | A | B (baseline) | A median | B median | A/B | target | peak RSS A / B |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
let failed = 0;
for (const r of results) {
  const ok = r.ratio <= r.target && (r.maxRss === undefined || r.rss.a < r.maxRss);
  if (!ok) failed++;
  console.log(
    `| ${r.name} | ${r.labels.a} | ${r.labels.b} | ${r.a.toFixed(1)} ms | ${r.b.toFixed(1)} ms | ${r.ratio.toFixed(2)} | <= ${r.target}${r.maxRss === undefined ? '' : `, A < ${mib(r.maxRss)}`} ${ok ? 'met' : '**missed**'} | ${mib(r.rss.a)} / ${mib(r.rss.b)} |`,
  );
}
process.exitCode = failed > 0 ? 1 : 0;
