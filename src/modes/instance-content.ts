/** The one read-modify-write of an instance (its pool4 and BIB together), and the pool4 that BIB entries must sit in. */
import type { Common, OnInstance } from '../cli/requests.js';
import * as instances from '../instance/instances.js';
import { firstOf, lastOf } from '../pool4/addresses.js';
import { isEmptyPool } from '../pool4/pool.js';
import type * as pool4 from '../pool4/pool.js';
import type { Focus } from '../state/format.js';
import { update } from '../state/store.js';
import type * as bib from '../bib/bib.js';
import { interfaceAddresses } from '../host/interfaces.js';
import { NO_HOLES, type Hole } from '../pool4/holes.js';
import { has } from '../releases/releases.js';

/**
 * The one read-modify-write of an instance: its pool and its BIB, changed together or not at all.
 * With a focus (what an add or a remove of one entry touches), change must use no more of the
 * pool than that: large tables are read only around it.
 */
export function onContent(r: OnInstance, change: (pool: pool4.Pool, entries: bib.Bib, holes: readonly Hole[]) => instances.Content & { holes?: readonly Hole[] }, focus?: Focus): void {
  update(
    r.state,
    (state) => {
      const { pool, bib: entries } = instances.contentOf(state, r.instance);
      const after = change(pool, entries, instances.holesOf(state, r.instance));
      const changed = instances.withContent(state, r.instance, after.pool, after.bib);
      return after.holes === undefined ? changed : instances.withHoles(changed, r.instance, after.holes);
    },
    r.lockTimeoutMs,
    focus,
  );
}

/** What an add or a remove of the entry touches; others, whether it asks what other marks hold there. */
export function focusOf(r: OnInstance, entry: pool4.Entry, others = false): Focus {
  return { instance: r.instance, mark: entry.mark, protocols: entry.protocols, first: firstOf(entry.prefix), last: lastOf(entry.prefix), others };
}

/** The addresses of the empty-pool4 fallback: JOOL_HOST_ADDRESSES, else this host's (looked up only when asked). */
export function hostAddresses(r: Common): readonly number[] {
  return r.hostAddresses ?? interfaceAddresses();
}

/**
 * Whether the release keeps Jool's mark-less tree of pool4 (holes.ts): Jool 4, and Jool 3 from
 * 3.5.0; the seed asks the tables.
 */
export function hasMarklessTree(syntax: 'jool3' | 'jool4', jool3: Common['jool3']): boolean {
  return syntax === 'jool4' || has(jool3, 'mark-less-tree');
}

/** What BIB entries must sit in: the pool less Jool 4's holes, or the host's addresses when it is empty. */
export function pool4View(pool: pool4.Pool, r: Common, holes: readonly Hole[] = NO_HOLES): bib.Pool4View {
  return { pool, hostAddresses: isEmptyPool(pool) ? hostAddresses(r) : [], ...(holes.length === 0 ? {} : { holes }) };
}
