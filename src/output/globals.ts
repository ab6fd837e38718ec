/**
 * `jool global display` and `jool stats display` as Jool 4.1 prints them (wargp/global.c,
 * wargp/stats.c; global-facts 2 and 5): the release's keys and counters, in its order.
 */
import { formatGlobal, type GlobalMeta, type GlobalValue } from '../global/globals.js';
import type { Stat } from '../global/stats.js';

/** values[i] is metas[i]'s. Plain: `  key: value`; CSV: `Field,Value` then `key,value`. */
export function formatGlobals(metas: readonly GlobalMeta[], values: readonly GlobalValue[], csv: boolean, headers: boolean): string {
  let text = csv && headers ? 'Field,Value\n' : '';
  metas.forEach((meta, i) => {
    text += csv ? `${meta.name},${formatGlobal(meta, values[i], true)}\n` : `  ${meta.name}: ${formatGlobal(meta, values[i], false)}\n`;
  });
  return text;
}

export interface StatsOptions {
  /** Zero counters too (--all). */
  readonly all: boolean;
  readonly explain: boolean;
  readonly csv: boolean;
  readonly headers: boolean;
}

/** values[i] is counters[i]'s. Jool quotes the explanation in CSV as it is, newlines included. */
export function formatStats(counters: readonly Stat[], values: readonly number[], o: StatsOptions): string {
  let text = o.csv && o.headers ? `Stat,Value${o.explain ? ',Explanation' : ''}\n` : '';
  counters.forEach(([name, explanation], i) => {
    if (!o.all && values[i] === 0) return;
    if (o.csv) text += `${name},${values[i]}${o.explain ? `,"${explanation}"` : ''}\n`;
    else text += `${name}: ${values[i]}\n${o.explain ? `${explanation}\n\n` : ''}`;
  });
  return text;
}
