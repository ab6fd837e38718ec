/**
 * --plan's globals: the `jool global update` commands that give an instance another instance's
 * globals (a state file's, or a configuration's `global`, where every global it leaves out is at
 * its default). Pure.
 */
import type { Jool4Release } from '../releases/releases.js';
import { formatTimeout, globalValues, samePrefix6, sameValue, type GlobalSettings } from './globals.js';

export interface GlobalStep {
  readonly key: string;
  /** As the command line takes it. */
  readonly value: string;
}

/** The pool6 of the plan's target differs from the instance's, which Jool cannot change. */
export class Pool6Differs extends Error {
  constructor(
    readonly current: string,
    readonly desired: string,
  ) {
    super('pool6 differs');
  }
}

/**
 * In the release's order, of the release's keys. pool6 is not planned: it cannot change, and an
 * instance without one has nothing to compare.
 */
export function planGlobals(current: GlobalSettings, currentPool6: string | undefined, desired: GlobalSettings, desiredPool6: string | undefined, release: Jool4Release): GlobalStep[] {
  if (currentPool6 !== undefined && desiredPool6 !== undefined && !samePrefix6(currentPool6, desiredPool6)) throw new Pool6Differs(currentPool6, desiredPool6);
  const before = globalValues(current, undefined, release).values;
  const { metas, values: after } = globalValues(desired, undefined, release);
  const steps: GlobalStep[] = [];
  metas.forEach((g, i) => {
    if (g.name === 'pool6' || sameValue(before[i], after[i])) return;
    const v = after[i];
    const value = g.type === 'timeout' ? formatTimeout(v as number) : Array.isArray(v) ? v.join(',') : String(v);
    steps.push({ key: g.name, value });
  });
  return steps;
}
