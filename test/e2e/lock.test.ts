// The lock: live holders are waited for and never robbed, dead ones are detected and broken.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jool, joolAsync, tempDir } from '../helpers';

const HOLDER = resolve(__dirname, '..', '..', 'dist', 'test', 'hold-lock.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGCONT');
      c.kill('SIGKILL');
    }
  }
});

/** Starts a process that takes the lock of state and holds it. */
async function holdLock(state: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER, state], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((done, fail) => {
    child.stdout!.once('data', (d) => (String(d) === 'locked\n' ? done() : fail(new Error(String(d)))));
    child.once('exit', () => fail(new Error('holder exited')));
  });
  return child;
}

const exited = (c: ChildProcess) => new Promise<void>((done) => (c.exitCode !== null || c.signalCode !== null ? done() : c.once('exit', () => done())));

describe('a dead holder', () => {
  it('is detected and its lock broken: a lock left by kill -9 does not block the next command', async () => {
    const state = join(tempDir(), 'pool4.json');
    const holder = await holdLock(state);
    holder.kill('SIGKILL');
    await exited(holder);
    expect(readFileSync(`${state}.lock`, 'utf8')).toContain(`"pid":${holder.pid}`);
    const r = jool(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '2' });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(jool(['-4', '-c'], { JOOL_POOL4_STATE: state }).stdout).toContain('samples: 3');
  });

  it('is detected when its pid now belongs to another process', () => {
    const state = join(tempDir(), 'pool4.json');
    // This very test process is alive, but did not start at the recorded time.
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), start: '1', nonce: 'x' }));
    const r = jool(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '2' });
    expect(r.status).toBe(0);
  });

  it('is detected from a lock file naming a process that has exited', () => {
    const state = join(tempDir(), 'pool4.json');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: gone, host: hostname(), start: null, nonce: 'x' }));
    expect(jool(['-4', '-f'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '2' }).status).toBe(0);
  });
});

describe('a live holder', () => {
  it('is waited for, and the waiter proceeds once it releases', async () => {
    const state = join(tempDir(), 'pool4.json');
    const holder = await holdLock(state);
    const waiter = joolAsync(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state });
    setTimeout(() => holder.stdin!.write('go\n'), 300);
    expect(await waiter).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('that is stopped (SIGSTOP) is never robbed: the waiter gives up with exit 1 naming the lock file', async () => {
    const state = join(tempDir(), 'pool4.json');
    const holder = await holdLock(state);
    holder.kill('SIGSTOP');
    const lockBefore = readFileSync(`${state}.lock`, 'utf8');
    const r = await joolAsync(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '1' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`locked by process ${holder.pid}`);
    expect(r.stderr).toContain(`'${state}.lock'`);
    expect(r.stderr).toContain('JOOL_POOL4_LOCK_TIMEOUT');
    expect(readFileSync(`${state}.lock`, 'utf8')).toBe(lockBefore);
    // Once the holder goes on and releases, the pool is free again.
    holder.kill('SIGCONT');
    holder.stdin!.write('go\n');
    await exited(holder);
    expect((await joolAsync(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state })).status).toBe(0);
  });

  it('does not stop readers: --display and --count read without the lock', async () => {
    const state = join(tempDir(), 'pool4.json');
    jool(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state });
    await holdLock(state);
    expect((await joolAsync(['-4', '-c'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '0' })).stdout).toContain('samples: 3');
  });
});

describe('a lock that cannot be judged', () => {
  it('(a dangling symbolic link in its place) is waited for, not spun on, and reported', async () => {
    const { symlinkSync } = await import('node:fs');
    const state = join(tempDir(), 'pool4.json');
    symlinkSync('/nonexistent/target', `${state}.lock`);
    const r = jool(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '0.3' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/does not name a jool process.*\n.*If no jool is running, remove/);
  });

  it.each([
    ['garbage', 'not a lock', /does not name a jool process.*\n.*If no jool is running, remove/],
    ['another host', JSON.stringify({ pid: 1, host: 'elsewhere.example', start: null, nonce: 'x' }), /locked by process 1 on elsewhere.example/],
  ])('(%s) is left alone, and the waiter says what to do', (_name, content, message) => {
    const state = join(tempDir(), 'pool4.json');
    writeFileSync(`${state}.lock`, content);
    const r = jool(['-4', '-a', '192.0.2.1'], { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '0.3' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(`${state}.lock`, 'utf8')).toBe(content);
  });
});
