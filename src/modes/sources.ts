/** Reading the files that operations are given: imports, plans and configurations. */
import { readFileSync } from 'node:fs';
import { FileError } from '../formats/file-errors.js';
import { ImportError } from '../formats/import.js';
import { reason } from '../host/system.js';

/** A file to read whole; for imports and plans, '-' is standard input (Jool's `file handle -` opens a file named -). */
export function readSource(source: string, dashIsStdin = true): Buffer {
  const stdin = dashIsStdin && source === '-';
  try {
    return readFileSync(stdin ? 0 : source);
  } catch (e) {
    throw new ImportError('', `cannot be read: ${reason(e)}`, stdin ? 'standard input' : source);
  }
}

export function readConfigText(file: string): string {
  return asFileProblem(file, () => readSource(file, false)).toString('utf8');
}

/** Runs read, saying an import's complaint as one about the file: for what does not import. */
export function asFileProblem<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    throw new FileError(file, e.where, e.problem);
  }
}
