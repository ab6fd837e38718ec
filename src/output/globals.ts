/**
 * `jool global display` and `jool stats display` as Jool 4.1.15 prints them (wargp/global.c,
 * wargp/stats.c; global-facts 2 and 5).
 */
import { formatGlobal, GLOBALS, type GlobalValue } from '../global/globals.js';
import { stats } from '../global/stats.js';

/** values in GLOBALS' order. Plain: `  key: value`; CSV: `Field,Value` then `key,value`. */
export function formatGlobals(values: readonly GlobalValue[], csv: boolean, headers: boolean): string {
  let text = csv && headers ? 'Field,Value\n' : '';
  GLOBALS.forEach((meta, i) => {
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

/** values in STATS' order. Jool quotes the explanation in CSV as it is, newlines included. */
export function formatStats(values: readonly number[], o: StatsOptions): string {
  let text = o.csv && o.headers ? `Stat,Value${o.explain ? ',Explanation' : ''}\n` : '';
  stats().forEach(([name, explanation], i) => {
    if (!o.all && values[i] === 0) return;
    if (o.csv) text += `${name},${values[i]}${o.explain ? `,"${explanation}"` : ''}\n`;
    else text += `${name}: ${values[i]}\n${o.explain ? `${explanation}\n\n` : ''}`;
  });
  return text;
}
