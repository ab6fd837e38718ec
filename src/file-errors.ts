/** Problems with a file the user named (a configuration, a plan's target), as facts for errors.ts. */
import type { Refusal } from './pool4/pool.js';

/** A file that cannot be used for `file handle` or `-f`: names it, where in it, and what is wrong. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** A file entry that add's rules refuse. */
export class FileRefusal extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly refusal: Refusal,
  ) {
    super(refusal.kind);
  }
}
