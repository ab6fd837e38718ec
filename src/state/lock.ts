/**
 * The lock that serialises read-modify-write cycles on one state file.
 *
 * `<state>.lock` exists while a process holds it and records who: pid, host, the process's start
 * time (so a reused pid is not mistaken for the holder) and a nonce. It is created complete in one
 * step, by writing a private file and hard-linking it to the lock's name, which fails if the lock
 * exists. A waiter breaks a lock only when it can prove the holder dead; a live holder, even a
 * stopped or slow one, is waited for until the timeout and never robbed.
 */
import { closeSync, linkSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { code, sleep } from '../host/system.js';

export interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly start: string | null;
  readonly nonce: string;
}

/** Gave up waiting for a lock whose holder is alive, or cannot be judged. */
export class LockTimeout extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: Owner | undefined,
    readonly waitedMs: number,
  ) {
    super(`lock ${lockPath} held`);
  }
}

export type Release = () => void;

export function acquire(statePath: string, timeoutMs: number): Release {
  const lockPath = `${statePath}.lock`;
  // The nonce only tells one lock from the next; it need not be unpredictable.
  const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const me: Owner = { pid: process.pid, host: hostname(), start: startTime(process.pid), nonce };
  const staging = `${lockPath}.${process.pid}`;
  writeNew(staging, `${JSON.stringify(me)}\n`);
  const began = Date.now();
  let pause = 1;
  let retried = false;
  try {
    for (;;) {
      try {
        linkSync(staging, lockPath);
        sweepStaging(lockPath);
        return () => release(lockPath, me);
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      const holder = readOwner(lockPath);
      // The lock just went away, or we broke a dead holder's: try again at once, but only once in
      // a row, so that a lock we cannot remove (or a dangling link in its place) is waited for.
      const freed = holder === 'gone' || (holder !== undefined && isDead(holder) && breakLock(lockPath, holder, staging));
      if (freed && !retried) {
        retried = true;
        continue;
      }
      retried = false;
      const waited = Date.now() - began;
      if (waited >= timeoutMs) throw new LockTimeout(lockPath, holder === 'gone' ? undefined : holder, waited);
      sleep(Math.min(pause, timeoutMs - waited));
      pause = Math.min(pause * 2, 50);
    }
  } finally {
    unlinkQuietly(staging);
  }
}

function release(lockPath: string, me: Owner): void {
  // Only remove the lock if it is still ours.
  const holder = readOwner(lockPath);
  if (holder !== 'gone' && holder !== undefined && holder.nonce === me.nonce) unlinkQuietly(lockPath);
}

/**
 * Removes a lock whose holder is dead; false if another waiter is busy doing so. Two waiters may
 * judge the same lock dead at once; the `.break` guard makes sure only one removes it, and that one
 * checks, holding the guard, that the lock is still the dead one, so a fresh lock taken meanwhile
 * is never removed.
 */
function breakLock(lockPath: string, dead: Owner, staging: string): boolean {
  const guard = `${lockPath}.break`;
  try {
    linkSync(staging, guard);
  } catch (e) {
    if (code(e) !== 'EEXIST') throw e;
    // The guard is held for microseconds; one left behind is from a breaker that died.
    const breaker = readOwner(guard);
    if (breaker === 'gone') return true;
    if (breaker !== undefined && isDead(breaker)) {
      unlinkQuietly(guard);
      return true;
    }
    return false;
  }
  try {
    const now = readOwner(lockPath);
    if (now !== 'gone' && now !== undefined && now.nonce === dead.nonce) unlinkQuietly(lockPath);
  } finally {
    unlinkQuietly(guard);
  }
  return true;
}

/**
 * Removes the private files of processes killed before they could take the lock and remove them
 * (`<state>.lock.<pid>`, pid dead). Holding the lock, we are the only one looking.
 */
function sweepStaging(lockPath: string): void {
  const prefix = `${basename(lockPath)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(lockPath));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9]+$/.test(name.slice(prefix.length))) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if (code(e) === 'ESRCH') unlinkQuietly(join(dirname(lockPath), name));
    }
  }
}

/** The lock's owner; 'gone' if there is no lock; undefined if it cannot be read as one. */
function readOwner(path: string): Owner | 'gone' | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return 'gone';
    return undefined;
  }
  try {
    const o = JSON.parse(text) as Owner;
    if (Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string' && typeof o.nonce === 'string') return o;
  } catch {
    // not an owner record
  }
  return undefined;
}

/** True only when the holder provably no longer runs. */
function isDead(owner: Owner): boolean {
  if (owner.host !== hostname()) return false; // another machine's process: cannot tell
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    return code(e) === 'ESRCH';
  }
  const stat = procStat(owner.pid);
  if (stat === undefined) return false;
  if (stat.state === 'Z' || stat.state === 'X') return true; // killed, not yet reaped
  return owner.start !== null && stat.start !== owner.start; // the pid now belongs to another process
}

/** Loaded on first use: only writers need it, and start-up time counts. */
function hostname(): string {
  return (require('node:os') as typeof import('node:os')).hostname();
}

function startTime(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

/** State letter and start time (field 22) from /proc/<pid>/stat; undefined without /proc. */
function procStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], start: fields[19] };
}

function writeNew(path: string, text: string): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
