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

/** A failed system call's cause in a few words, for messages. */
export function reason(e: unknown): string {
  switch (code(e)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default: {
      // Node's "ECODE: description, syscall 'path'": the description, without the path (which the
      // message names already, escaped).
      const message = (e as Error)?.message ?? String(e);
      return /^[A-Z0-9]+: ([^,]+)/.exec(message)?.[1] ?? message;
    }
  }
}
