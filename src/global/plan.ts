/**
 * --plan's globals: the `jool global update` commands that give an instance another instance's
 * globals (a state file's, or a configuration's `global`, where every global it leaves out is at
 * its default). Pure.
 */
import type { Jool3Answer, Jool4Release } from '../releases/releases.js';
import { JOOL3_KEYS, jool3Default, keyIn } from './jool3-globals.js';
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

/** A --global line of Jool 3's: the flag and, but for --enable and --disable, its value. */
export interface Jool3GlobalStep {
  readonly flag: string;
  readonly value?: string;
}

/**
 * --plan --syntax jool3's globals: the key flags of the Jool 3 release that give the instance the
 * target's values, and the keys that differ but that release has no flag for (left to a comment).
 * A timeout of milliseconds that are not whole seconds cannot be said in Jool 3's seconds either.
 */
export function planJool3Globals(current: GlobalSettings, desired: GlobalSettings, release: Jool3Answer | undefined): { steps: Jool3GlobalStep[]; unsaid: string[] } {
  const value = (s: GlobalSettings, key: string) => s[key] ?? jool3Default(key);
  const steps: Jool3GlobalStep[] = [];
  const said = new Set<string>(['manually-enabled']);
  if (!sameValue(value(current, 'manually-enabled'), value(desired, 'manually-enabled'))) steps.push({ flag: value(desired, 'manually-enabled') ? 'enable' : 'disable' });
  const unsaid: string[] = [];
  for (const k of JOOL3_KEYS) {
    if (k.key === 'allow-atomic-fragments' || !keyIn(k, release)) continue;
    said.add(k.key);
    const v = value(desired, k.key);
    if (sameValue(value(current, k.key), v)) continue;
    if (k.type === 'seconds' && (v as number) % 1000 !== 0) unsaid.push(k.key);
    else steps.push({ flag: k.flag, value: k.type === 'seconds' ? String((v as number) / 1000) : Array.isArray(v) ? v.join(',') : String(v) });
  }
  for (const key of new Set([...Object.keys(current), ...Object.keys(desired)])) {
    if (!said.has(key) && !sameValue(current[key] ?? null, desired[key] ?? null)) unsaid.push(key);
  }
  return { steps, unsaid };
}
