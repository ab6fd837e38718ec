/** A problem with a file the user named (a configuration, a plan's target), as facts for errors.ts. */
import type { BibRefusal } from '../bib/bib.js';
import type { InstanceRefusal } from '../instance/instances.js';
import type { Refusal } from '../pool4/pool.js';

/** Names the file, where in it ('' for the whole file), and what is wrong: a text, or a refusal of add's rules (pool4's or the BIB's) or of the instance's. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string | Refusal | BibRefusal | InstanceRefusal,
  ) {
    super(typeof problem === 'string' ? problem : problem.kind);
  }
}

/** Several problems of one file: file handle refuses it (nothing changed), or file check reports them (check). */
export class FileProblems extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly FileError[],
    readonly check: boolean,
  ) {
    super(`${problems.length} problems`);
  }
}
