/** How --check and --plan answer: like diff(1). */
import { EXIT_USAGE, JoolError, toJoolError } from '../errors.js';
import { BrokenPipe } from '../output/sink.js';

/**
 * --check and --plan answer like diff(1): 0 and 1 are answers, so any trouble is 2, whatever its
 * kind, and a script can tell "found something" from "could not look".
 */
export function asDiff(answer: () => number): number {
  try {
    return answer();
  } catch (e) {
    if (e instanceof BrokenPipe) throw e;
    throw new JoolError(EXIT_USAGE, toJoolError(e).message);
  }
}
