// kill -9 at random moments never leaves a torn state file, nor a lock that blocks the next command.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { add, type Entry, type Pool, JOOL3_ADD } from '../../src/pool4/pool';
import { Runs, type Run } from '../../src/pool4/table';
import { parse, serialize } from '../../src/state/format';
import { readOwnLayout } from '../../src/state/read-layout';
import { BIN, jool, tempDir } from '../helpers';
import { poolIn, stateOf } from '../states';

const SAMPLES = 50_000;
const KILLS = 40;

/** 50,000 samples that cannot merge: each address holds ports the next one does not. */
function bigPool(): Pool {
  const runs: Run[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const address = 0x0a000000 + i; // 10.0.0.0 up
    runs.push({ first: address, last: address, ports: [i % 2 === 0 ? [1000, 1999] : [3000, 3999]] });
  }
  return { tables: [{ mark: 0, protocol: 'TCP', runs: Runs.from(runs), iterations: 'auto', counter: 0 }] };
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/**
 * Runs jool and kills it with SIGKILL afterMs after it starts, or, with a watched file, afterMs
 * after that file appears (to land inside the short moment when the new pool is being written).
 */
function runAndKill(args: string[], env: Record<string, string>, afterMs: number, watched?: { dir: string; name: string }): Promise<{ killed: boolean; status: number | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    const kill = () => (timer = setTimeout(() => child.kill('SIGKILL'), afterMs));
    const watcher =
      watched === undefined
        ? undefined
        : watch(watched.dir, (_event, name) => {
            if (name === watched.name && timer === undefined) kill();
          });
    if (watched === undefined) kill();
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      watcher?.close();
      done({ killed: signal === 'SIGKILL', status });
    });
  });
}

it(`survives ${KILLS} kill -9 of a writer on a ${SAMPLES}-sample pool: the file is always the pool before or after`, async () => {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '30' };
  writeFileSync(state, serialize(stateOf(bigPool())));

  // How long one uninterrupted write takes here, started as the killed ones are: kills are spread
  // over that span.
  const spans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    expect(await runAndKill(['-4', '-a', '--tcp', `192.0.2.${250 + i}`], env, 60_000)).toEqual({ killed: false, status: 0 });
    spans.push(Date.now() - t0);
  }
  const span = spans.sort((a, b) => a - b)[1];

  const rand = random(4242);
  const outcomes = { before: 0, after: 0, completed: 0, midWrite: 0 };
  for (let k = 0; k < KILLS; k++) {
    const beforeText = readFileSync(state, 'utf8');
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000200 + (k % 200), length: 32 }, ports: [5000 + k, 5000 + k] };
    const afterText = serialize(stateOf(add(poolIn(parse(beforeText)), entry, JOOL3_ADD(false))));
    const argv = ['-4', '-a', '--tcp', `192.0.2.${k % 200}`, `${5000 + k}`];
    // Half the kills anywhere in a run, half within moments of the temporary file appearing.
    const r = k % 2 === 0 ? await runAndKill(argv, env, span * rand()) : await runAndKill(argv, env, rand() * 8, { dir, name: 'pool4.json.tmp' });
    const now = readFileSync(state, 'utf8');
    expect(() => parse(now)).not.toThrow();
    if (r.killed && existsSync(`${state}.tmp`)) outcomes.midWrite++; // killed while writing the new pool
    if (!r.killed) {
      expect(r.status).toBe(0);
      expect(now).toBe(afterText);
      outcomes.completed++;
    } else if (now === beforeText) {
      outcomes.before++;
    } else {
      expect(now).toBe(afterText);
      outcomes.after++;
    }
  }
  console.log(
    `crash loop: ${KILLS} runs, ${outcomes.before + outcomes.after} killed (${outcomes.midWrite} while writing the new file; ` +
      `${outcomes.before} left the pool before, ${outcomes.after} after), ${outcomes.completed} finished first; one write takes ~${span} ms`,
  );
  expect(outcomes.before + outcomes.after).toBeGreaterThanOrEqual(KILLS / 2);
  expect(outcomes.midWrite).toBeGreaterThan(0);

  // Whatever the last kill left (a lock, a temporary file, a private lock file), the next command
  // goes through and leaves only the state file.
  expect(jool(['-4', '-r', '192.0.2.0/24'], env)).toEqual({ status: 0, stdout: '', stderr: '' });
  expect(readdirSync(dir)).toEqual(['pool4.json']);
  expect(jool(['-4', '-c'], env).stdout).toBe(`tables: 1\nsamples: ${SAMPLES}\ntransport addresses: ${SAMPLES * 1000}\n`);
});

// The same with a BIB of 20,000 entries: each kill leaves the state before or after one BIB add, or
// one pool4 remove and the cascade it makes, with its checksum whole (the fast reader takes it),
// never a torn file.
it('kill -9 during BIB adds and cascades on a 20,000-entry BIB leaves the state before or after, checksum and all', async () => {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '30' };
  const bib = Array.from({ length: 20_000 }, (_, i) => ({ protocol: 'TCP', 'ipv6 address': `2001:db8::${i.toString(16)}#80`, 'ipv4 address': `10.0.${i >> 8}.${i & 255}#61000` }));
  const json = join(dir, 'import.json');
  writeFileSync(json, JSON.stringify({ pool4: [{ protocol: 'TCP', prefix: '10.0.0.0/16', 'port range': '60001-65535' }], bib }));
  expect(jool(['--pool4', '--import', json], env).status).toBe(0);
  const rand = random(77);
  let killed = 0;
  const count = (text: string) => parse(text).instances[0].bib.TCP.length;
  for (let k = 0; k < 16; k++) {
    const before = readFileSync(state, 'utf8');
    // Even runs add an entry; odd runs remove 10.0.k.0/24 from pool4, and its 256 entries with it.
    const argv = k % 2 === 0 ? ['bib', 'add', `10.0.200.${k}#61001`, `2001:db8:1::${k}#80`] : ['pool4', 'remove', `10.0.${k}.0/24`];
    const after = count(before) + (k % 2 === 0 ? 1 : -256);
    const r = await runAndKill(argv, env, k % 4 < 2 ? 120 * rand() : rand() * 4, k % 4 < 2 ? undefined : { dir, name: 'pool4.json.tmp' });
    const now = readFileSync(state, 'utf8');
    // Jool's own layout, checksum matching: read in place.
    expect(readOwnLayout(Buffer.from(now, 'latin1'))).toBeDefined();
    if (r.killed) killed++;
    expect([count(before), after]).toContain(count(now));
    if (!r.killed) expect(count(now)).toBe(after);
  }
  expect(killed).toBeGreaterThan(0);
  expect(jool(['--bib', '--count', '--tcp'], env).status).toBe(0);
});
