// Pools as whole states (the state file holds instances since version 2).
import { DEFAULT_INSTANCE, type State } from '../src/instance/instances';
import type { Pool } from '../src/pool4/pool';
import { EMPTY_BIB } from '../src/bib/bib';

/** A state whose instance `default` holds pool. */
export function stateOf(pool: Pool): State {
  return { instances: [{ name: DEFAULT_INSTANCE, pool, bib: EMPTY_BIB }] };
}

/** The pool of the instance `default`. */
export function poolIn(state: State): Pool {
  return state.instances.find((i) => i.name === DEFAULT_INSTANCE)?.pool ?? { tables: [] };
}

/** The pool with every counter at 0: for comparing samples and settings, not add history. */
export function withoutCounters(pool: Pool): Pool {
  return { tables: pool.tables.map((t) => ({ ...t, counter: 0 })) };
}
