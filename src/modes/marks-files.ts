/** Reading the firewall's marks that --check, --lookup and --generate are given (--marks). */
import { FileError } from '../formats/file-errors.js';
import { readMarks } from '../formats/marks-file.js';
import { evaluate, MAX_PARTS, TooManyParts, type Evaluation } from '../marks/evaluate.js';
import { placeOf, type Rule } from '../marks/rules.js';
import { asFileProblem, readSource } from './sources.js';

/** The rules of every file, in the order given, and what they do to each source. */
export function readRules(files: readonly string[], instance: string): { rules: Rule[]; evaluation: Evaluation } {
  let rules: Rule[] = [];
  for (const file of files) {
    const name = file === '-' ? 'standard input' : file;
    const text = asFileProblem(name, () => readSource(file)).toString('utf8');
    rules = rules.concat(readMarks(name, text, instance));
  }
  try {
    return { rules, evaluation: evaluate(rules) };
  } catch (e) {
    if (!(e instanceof TooManyParts)) throw e;
    throw new FileError(e.origin.file, placeOf(e.origin), `the rules tell apart more than ${MAX_PARTS} sources (or give one more than 64 outcomes), more than this program follows`);
  }
}
