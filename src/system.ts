/** Two small things the I/O modules share. */

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the (single-threaded, synchronous) program for ms milliseconds. */
export function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** The errno code of a failed system call ('ENOENT', ...), if e is one. */
export function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
