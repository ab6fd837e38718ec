// Failing disks and hostile files: a clear exit-1 error, and the old state intact.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { serialize } from '../../src/state/format';
import { Runs } from '../../src/pool4/table';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, jool, tempDir } from '../helpers';
import { stateOf } from '../states';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** Runs jool as an unprivileged user: root ignores permission bits, so those tests need one. */
function joolUnprivileged(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env },
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Root can test permissions only as another user, who must be able to run bin/jool from here. */
const canRunUnprivileged = !isRoot || spawnSync(process.execPath, [BIN, '--version'], { uid: NOBODY, gid: NOBODY, env: { PATH: process.env.PATH ?? '' } }).status === 0;

/** A directory the unprivileged user can reach (tmpdir()'s subdirectories may not be). */
function sharedDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  return dir;
}

describe('permissions', () => {
  it('keeps the file mode (and owner) across writes', () => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    jool(['-4', '-a', '192.0.2.1', '--state', state]);
    chmodSync(state, 0o640);
    if (isRoot) chownSync(state, NOBODY, NOBODY);
    expect(jool(['-4', '-a', '192.0.2.2', '--state', state]).status).toBe(0);
    const st = statSync(state);
    expect(st.mode & 0o777).toBe(0o640);
    if (isRoot) expect([st.uid, st.gid]).toEqual([NOBODY, NOBODY]);
  });

  it.runIf(canRunUnprivileged)('an unwritable directory: exit 1, the old state kept, nothing left behind', () => {
    const dir = sharedDir();
    const state = join(dir, 'pool4.json');
    jool(['-4', '-a', '192.0.2.1', '--state', state]);
    chmodSync(state, 0o666);
    chmodSync(dir, 0o555);
    const before = readFileSync(state, 'utf8');
    const r = joolUnprivileged(['-4', '-a', '192.0.2.2', '--state', state], {});
    chmodSync(dir, 0o777);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/permission denied/);
    expect(r.stderr).toContain(state);
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['pool4.json']);
  });

  it.runIf(canRunUnprivileged)('an unreadable file: exit 1 naming it', () => {
    const dir = sharedDir();
    const state = join(dir, 'pool4.json');
    jool(['-4', '-a', '192.0.2.1', '--state', state]);
    chmodSync(state, 0o600);
    for (const argv of [['-4'], ['-4', '-a', '192.0.2.2']]) {
      const r = joolUnprivileged([...argv, '--state', state], {});
      expect(r).toMatchObject({ status: 1, stdout: '' });
      expect(r.stderr).toContain(`'${state}' cannot be read: permission denied`);
    }
  });

  it.runIf(canRunUnprivileged)('a directory that cannot be created: exit 1 naming it', () => {
    const dir = sharedDir();
    chmodSync(dir, 0o555);
    const r = joolUnprivileged(['-4', '-a', '192.0.2.2', '--state', join(dir, 'sub', 'pool4.json')], {});
    chmodSync(dir, 0o777);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`'${join(dir, 'sub')}' cannot create the directory: permission denied`);
  });
});

/** A small tmpfs of our own for full and read-only file systems, where the machine allows mounting. */
const mnt = join('/tmp', `jool-full-${process.pid}`);
function mountSmallTmpfs(): boolean {
  if (!isRoot) return false;
  mkdirSync(mnt, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status === 0;
}
const mounted = mountSmallTmpfs();

describe.runIf(mounted)('a full disk (a small tmpfs)', () => {
  afterAll(() => {
    execFileSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('refuses with exit 1, keeps the old state and leaves no temporary file', () => {
    const state = join(mnt, 'pool4.json');
    // A pool of 2,000 samples (~50 KB), larger than the room that will be left.
    const runs = Array.from({ length: 2000 }, (_, i) => ({ first: 0x0a000000 + i, last: 0x0a000000 + i, ports: [i % 2 ? ([1, 1] as const) : ([2, 2] as const)] }));
    writeFileSync(state, serialize(stateOf({ tables: [{ mark: 0, protocol: 'TCP', runs: Runs.from(runs), iterations: 'auto', counter: 0 }] })));
    const before = readFileSync(state, 'utf8');
    // Fill the file system, then free two pages: room for the lock, none for the new pool.
    writeFileSync(join(mnt, 'spare'), Buffer.alloc(8192));
    spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    rmSync(join(mnt, 'spare'));

    const r = jool(['-4', '-a', '192.0.2.1', '--state', state]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`'${state}' cannot be written: no space left on the device`);
    expect(r.stderr).toContain('The pool was left as it was.');
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(readdirSync(mnt).sort()).toEqual(['filler', 'pool4.json']);

    rmSync(join(mnt, 'filler'));
    expect(jool(['-4', '-a', '192.0.2.1', '--state', state]).status).toBe(0);
    expect(jool(['-4', '-c', '--state', state]).stdout).toContain('samples: 2003');
  });

  it('a read-only file system: exit 1, the old state kept', () => {
    const state = join(mnt, 'pool4.json');
    const before = readFileSync(state, 'utf8');
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const r = jool(['-4', '-r', '192.0.2.1', '--state', state]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`'${state}.lock' cannot create the lock file: read-only file system`);
      expect(jool(['-4', '-c', '--state', state]).stdout).toContain('samples: 2003');
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
    expect(readFileSync(state, 'utf8')).toBe(before);
  });
});

describe('hostile state files', () => {
  it('a huge garbage file is refused quickly with a short message, and left untouched', () => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    const garbage = Buffer.alloc(50 * 1024 * 1024, 0x7b); // 50 MB of '{'
    writeFileSync(state, garbage);
    const r = jool(['-4', '-a', '192.0.2.1', '--state', state]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`'${state}' is not a valid pool4 state file: it is not valid JSON`);
    expect(r.stderr.length).toBeLessThan(600);
    expect(readFileSync(state).equals(garbage)).toBe(true);
  });

  it.each([
    ['a future version', JSON.stringify({ format: 'jool-pool4-state', version: 9, tables: [] }), /format version 9, written by a newer jool/],
    ['wrong types', JSON.stringify({ format: 'jool-pool4-state', version: 1, tables: [{ mark: '0', protocol: 'TCP', runs: [] }] }), /tables\[0\]\.mark/],
    ['an empty file', '', /the file is empty/],
  ])('%s is refused with the file name and how to recover', (_name, text, problem) => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    writeFileSync(state, text);
    const r = jool(['-4', '-f', '--state', state]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).toContain(`jool: '${state}' is not a valid pool4 state file`);
    expect(r.stderr).toContain('It was left untouched. Fix it by hand (the format is in docs/state.md), or move it away');
    expect(readFileSync(state, 'utf8')).toBe(text);
  });
});

describe('links', () => {
  it('writes through a symbolic link and keeps the link', () => {
    const dir = tempDir();
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    jool(['-4', '-a', '192.0.2.1', '--state', real]);
    symlinkSync(real, link);
    expect(jool(['-4', '-a', '192.0.2.2', '--state', link]).status).toBe(0);
    expect(readFileSync(real, 'utf8')).toContain('192.0.2.2');
    expect(existsSync(link) && readFileSync(link, 'utf8') === readFileSync(real, 'utf8')).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('a large table that an add or a remove reads only around its addresses', () => {
  /** 9,000 runs of alternating ports (a checksum from 256 KiB of runs): the add and the remove below read a few of them. */
  function fragmentedFile(): string {
    const file = join(tempDir(), 'pool4.json');
    const lines = ['Mark,Protocol,Address,Min port,Max port'];
    for (let i = 0; i < 9000; i++) lines.push(`0,TCP,10.0.${i >> 8}.${i & 255},${i % 2 ? '3000,3999' : '1000,1999'}`);
    writeFileSync(`${file}.csv`, `${lines.join('\n')}\n`);
    expect(jool(['--pool4', '--import', `${file}.csv`], { JOOL_POOL4_STATE: file }).status).toBe(0);
    return file;
  }

  it('changes what it names and keeps every other run', () => {
    const file = fragmentedFile();
    const env = { JOOL_POOL4_STATE: file };
    expect(jool(['pool4', 'add', '--tcp', '10.0.3.231', '1000-1999'], env)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(jool(['--pool4', '--remove', '--tcp', '10.0.0.0', '1000-1999'], env).status).toBe(0);
    const rows = jool(['--pool4', '--display', '--csv'], env).stdout.trim().split('\n');
    expect(rows.length).toBe(1 + 8999 + 1); // 10.0.0.0 went; 10.0.3.231 gained a second range
    expect(rows[1]).toBe('0,TCP,10.0.0.1,3000,3999');
    expect(rows.filter((r) => r.startsWith('0,TCP,10.0.3.231,'))).toEqual(['0,TCP,10.0.3.231,1000,1999', '0,TCP,10.0.3.231,3000,3999']);
    expect(rows[rows.length - 1]).toBe('0,TCP,10.0.35.39,3000,3999');
    expect(jool(['--pool4', '--count'], env).stdout).toBe('tables: 1\nsamples: 9000\ntransport addresses: 9000000\n');
  });

  it('still refuses a run edited by hand far from the change, and leaves the file as it was', () => {
    const file = fragmentedFile();
    expect(JSON.parse(readFileSync(file, 'utf8')).instances[0].chunks.length).toBeGreaterThan(2);
    const edited = readFileSync(file, 'utf8').replace('"TCP 0 10.0.34.200 1000-1999"', '"TCP 0 10.0.34.200 0-1999"');
    writeFileSync(file, edited);
    const r = jool(['pool4', 'add', '--tcp', '10.0.0.5', '1000-1999'], { JOOL_POOL4_STATE: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not a valid pool4 state file');
    expect(r.stderr).toContain('10.0.34.200 0-1999');
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });
});
