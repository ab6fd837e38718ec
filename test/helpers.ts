import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { toJoolError } from '../src/errors';

export const BIN = resolve(__dirname, '..', 'bin', 'jool');

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin/jool as a child process, with a clean environment plus env. */
export function jool(args: readonly string[], env: Record<string, string> = {}, options: { cwd?: string; input?: string } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? '/nonexistent-home', ...env },
    cwd: options.cwd,
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed when the calling test finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jool-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A jool bound to one state file. */
export function withState(state: string) {
  return (...args: string[]) => jool(args, { JOOL_POOL4_STATE: state });
}

/** Runs bin/jool without blocking the test process, so that many can run at once. */
export function joolAsync(args: readonly string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? '/nonexistent-home', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** The message of the usage error that parse throws (exit status 2 checked); fails if it accepts. */
export function usageMessage(parse: () => unknown, argv: readonly string[]): string {
  try {
    parse();
  } catch (e) {
    const error = toJoolError(e);
    expect(error.status).toBe(2);
    return error.message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

export interface DocStep {
  readonly command: string;
  readonly output: string[];
}

/** The text of README.md or of a page of docs/ (docs/jool3.md: 'jool3.md'). */
export function docPage(page: string): string {
  return readFileSync(page === 'README.md' ? join(__dirname, '..', 'README.md') : join(__dirname, '..', 'docs', page), 'utf8');
}

/**
 * The `$ command` lines of the indented blocks of a page (README.md or docs/) between start and end,
 * each with the lines it prints. Prose between blocks is skipped; a blank line inside a block is
 * output only when more output follows it.
 */
export function docSteps(page: string, start: string, end: string): DocStep[] {
  const text = docPage(page);
  const from = text.indexOf(start);
  expect(from).toBeGreaterThanOrEqual(0);
  const to = text.indexOf(end, from);
  expect(to).toBeGreaterThan(from);
  const steps: { command: string; output: string[] }[] = [];
  let blanks = 0;
  for (const line of text.slice(text.indexOf('    $ ', from), to).split('\n')) {
    if (line === '') {
      blanks++;
      continue;
    }
    const indented = line.startsWith('    ');
    if (indented && line.startsWith('    $ ')) steps.push({ command: line.slice(6), output: [] });
    else if (indented) steps[steps.length - 1].output.push(...Array<string>(blanks).fill(''), line.slice(4));
    blanks = 0;
  }
  return steps;
}

/**
 * Runs a page's steps with sh in dir, with bin/jool as `jool` on the PATH and the ephemeral range the
 * page's host had; what each prints (stdout and stderr) must be what the page shows. Steps that
 * use ssh are skipped. Returns how many ran.
 */
export function runSteps(steps: readonly DocStep[], dir: string): number {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'jool'));
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, JOOL_POOL4_STATE: join(dir, 'pool4.json'), JOOL_EPHEMERAL_RANGE: '32768 60999' };
  let ran = 0;
  for (const { command, output } of steps) {
    if (command.startsWith('ssh ')) continue;
    const r = spawnSync('sh', ['-c', `${command} 2>&1`], { cwd: dir, env, encoding: 'utf8' });
    expect({ command, printed: r.stdout }).toEqual({ command, printed: output.length === 0 ? '' : `${output.join('\n')}\n` });
    ran++;
  }
  return ran;
}
