/**
 * The state file on disk: read and validate it, and change it under the lock with an atomic
 * replace. Every write goes through update(), the one place that locks and writes.
 */
import { closeSync, existsSync, fchmodSync, fchownSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { EMPTY_STATE, type State } from '../instance/instances.js';
import { countsIn, descendingIn, encodeParts, type Focus, parseBytes, type Selection, selectionIn, StateFormatError } from './format.js';
import type { Counts, Pool, Protocol, Table } from '../pool4/pool.js';
import { code, reason } from '../host/system.js';
import { acquire } from './lock.js';

/** Far above any real pool's file (a million runs is ~40 MB); keeps garbage from exhausting memory. */
export const MAX_STATE_BYTES = 512 * 1024 * 1024;

/** The state file cannot be used: names the file, what is wrong, and how to recover. */
export class StateError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

interface Loaded {
  readonly state: State;
  /** The file's bytes, or undefined if there is no file. */
  readonly bytes: Buffer | undefined;
}

export function read(path: string): State {
  return load(path).state;
}

/** An instance's counts, without reading its runs where the file's chunk entries give them. */
export function readCounts(path: string, instance: string): Counts {
  const bytes = loadBytes(path);
  return bytes === undefined ? { tables: 0, samples: 0, transportAddresses: 0 } : parsed(path, () => countsIn(bytes, instance));
}

/** One protocol's tables of an instance, marks descending, each made as it is taken. */
export function readDescending(path: string, instance: string, protocol: Protocol): Iterable<Table> {
  const bytes = loadBytes(path);
  return bytes === undefined ? [] : parsed(path, () => descendingIn(bytes, instance, protocol));
}

/** The tables of an instance that a display selects, reading only theirs. */
export function readSelection(path: string, selection: Selection): Pool {
  const bytes = loadBytes(path);
  return bytes === undefined ? { tables: [] } : parsed(path, () => selectionIn(bytes, selection));
}

/**
 * Applies change to the pool under the lock. change may throw to refuse: nothing is written then.
 * The file is only written when the pool differs from what it holds. A focus says what change
 * will touch, so that large tables need not be read whole (read-layout.ts).
 */
export function update(path: string, change: (state: State) => State, lockTimeoutMs: number, focus?: Focus): void {
  const dir = dirname(path);
  // With no directory there is no file: the pool is empty, and a command that leaves it empty
  // creates nothing. What change() made of it is kept in case the file is still missing once locked.
  let fromEmpty: State | undefined;
  if (!existsSync(dir)) {
    fromEmpty = change(EMPTY_STATE);
    if (fromEmpty.instances.length === 0) return;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new StateError(dir, `cannot create the directory: ${reason(e)}`, 'Choose another place with --state or JOOL_POOL4_STATE.');
    }
  }
  const target = resolveLinks(path);
  let release: () => void;
  try {
    release = acquire(target, lockTimeoutMs);
  } catch (e) {
    if (code(e) === undefined) throw e; // LockTimeout
    throw new StateError(`${target}.lock`, `cannot create the lock file: ${reason(e)}`, 'Check that the directory is writable.');
  }
  try {
    const { state, bytes } = load(target, focus);
    const after = bytes === undefined && fromEmpty !== undefined ? fromEmpty : change(state);
    if (after === state || (bytes === undefined && after.instances.length === 0)) return;
    const out = encodeParts(after, state);
    if (bytes !== undefined && sameBytes(out, bytes)) return;
    writeAtomic(target, out);
  } finally {
    release();
  }
}

function load(path: string, focus?: Focus): Loaded {
  const bytes = loadBytes(path);
  if (bytes === undefined) return { state: EMPTY_STATE, bytes: undefined };
  return { state: parsed(path, () => parseBytes(bytes, focus)), bytes };
}

function parsed<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof StateFormatError) throw new StateError(path, `is not a valid pool4 state file: ${e.message}`, BAD_FILE_REMEDY);
    throw e;
  }
}

/** The file's bytes, or undefined if there is no file. */
function loadBytes(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw new StateError(path, `cannot be read: ${reason(e)}`, 'Check its permissions, or choose another file with --state.');
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new StateError(path, 'is a directory, not a state file', 'Give the path of a file with --state or JOOL_POOL4_STATE.');
    if (st.size > MAX_STATE_BYTES) {
      throw new StateError(path, `is ${st.size} bytes, too large to be a pool4 state file`, BAD_FILE_REMEDY);
    }
    bytes = readAll(fd, st.size);
  } catch (e) {
    if (e instanceof StateError) throw e;
    throw new StateError(path, `cannot be read: ${reason(e)}`, 'Check the file and its permissions.');
  } finally {
    closeSync(fd);
  }
  return bytes;
}

const BAD_FILE_REMEDY = 'It was left untouched. Fix it by hand (the format is in docs/state.md), or move it away to start from an empty pool.';

function readAll(fd: number, expected: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.max(expected - total, 0) + 65536);
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total > MAX_STATE_BYTES) throw new Error('the file grew past the size limit while being read');
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/**
 * Replaces the file atomically: a temporary file in the same directory, flushed to disk, renamed
 * over the old one, then the directory flushed so the rename itself survives a crash. The old
 * file's permissions and owner carry over. On any failure the temporary file is removed and the
 * old state stays as it was.
 */
function writeAtomic(path: string, parts: readonly Buffer[]): void {
  const tmp = `${path}.tmp`; // only the lock holder writes it, so one name is enough
  let old: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = statSync(path);
    old = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch {
    // a new file: default permissions
  }
  try {
    const fd = openSync(tmp, 'w', old?.mode ?? 0o666);
    try {
      if (old !== undefined) {
        fchmodSync(fd, old.mode);
        if (process.getuid?.() === 0) fchownSync(fd, old.uid, old.gid);
      }
      writeAll(fd, parts);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new StateError(path, `cannot be written: ${reason(e)}`, 'The pool was left as it was.');
  }
  syncDirectory(dirname(path));
}

/** Whether the pieces hold exactly these bytes. */
function sameBytes(parts: readonly Buffer[], bytes: Buffer): boolean {
  let at = 0;
  for (const part of parts) {
    if (at + part.length > bytes.length || !part.equals(bytes.subarray(at, at + part.length))) return false;
    at += part.length;
  }
  return at === bytes.length;
}

/** writev until everything is written: a call may write less than asked. */
function writeAll(fd: number, parts: readonly Buffer[]): void {
  let pending = parts.filter((p) => p.length > 0);
  while (pending.length > 0) {
    let written = writevSync(fd, pending.slice(0, 1024)); // at most IOV_MAX pieces a call
    let i = 0;
    while (i < pending.length && written >= pending[i].length) written -= pending[i++].length;
    pending = pending.slice(i);
    if (written > 0) pending[0] = pending[0].subarray(written);
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename has happened either way.
  }
}

/** Writes through a symbolic link instead of replacing the link with a file. */
function resolveLinks(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
