/**
 * Jool 4's instances, each with its own pool4 and static BIB (SPEC 6.2, 7, 9, 11). Pure, like the pool.
 *
 * An instance is recorded either by `instance add` or `file handle` (it then has a framework and a
 * pool6, and is "added"), or because a command gave a pool to a name nobody added (it sprang into
 * being: no framework). Jool refuses the latter; this program does not, and says so in docs/differences.md.
 */
import { NO_HOLES, type Hole } from '../pool4/holes.js';
import { EMPTY_BIB, isEmpty, type Bib } from '../bib/bib.js';
import { NO_SETTINGS, samePrefix6, type GlobalSettings } from '../global/globals.js';
import { EMPTY_POOL, type Pool } from '../pool4/pool.js';

export type Framework = 'netfilter' | 'iptables';
export const FRAMEWORKS: readonly Framework[] = ['netfilter', 'iptables'];

export interface Instance extends Content {
  readonly name: string;
  /** Absent for an instance that sprang into being on first use. */
  readonly framework?: Framework;
  /** The IPv6 prefix of pool6, as `instance add --pool6` or the file gave it. */
  readonly pool6?: string;
  /** The globals set apart from their defaults (pool6 aside); absent when none is. */
  readonly globals?: GlobalSettings;
  /** What removes took out of Jool 4's mark-less pool4 tree while other marks hold it (holes.ts); absent when nothing. */
  readonly holes?: readonly Hole[];
}

/** What an instance holds. */
export interface Content {
  readonly pool: Pool;
  readonly bib: Bib;
}

export const EMPTY_CONTENT: Content = { pool: EMPTY_POOL, bib: EMPTY_BIB };

/** Instances in the order they came into being. */
export interface State {
  readonly instances: readonly Instance[];
}

export const EMPTY_STATE: State = { instances: [] };
export const DEFAULT_INSTANCE = 'default';

/** Jool's rule (iname_validate()): 1-15 printable ASCII characters. */
export function isInstanceName(name: string): boolean {
  return /^[\x20-\x7e]{1,15}$/.test(name);
}

export type InstanceRefusal =
  | { readonly kind: 'exists'; readonly name: string }
  | { readonly kind: 'missing'; readonly name: string }
  | { readonly kind: 'netfilter-taken'; readonly name: string; readonly holder: string }
  | { readonly kind: 'framework-change'; readonly name: string; readonly from: Framework; readonly to: Framework }
  | { readonly kind: 'pool6-change'; readonly name: string; readonly from: string; readonly to: string }
  /** Without a framework and a pool6: one that sprang into being, or none (exists false). */
  | { readonly kind: 'unconfigured'; readonly name: string; readonly exists: boolean };

export class InstanceError extends Error {
  constructor(readonly refusal: InstanceRefusal) {
    super(refusal.kind);
  }
}

export function instanceOf(state: State, name: string): Instance | undefined {
  return state.instances.find((i) => i.name === name);
}

export function poolOf(state: State, name: string): Pool {
  return instanceOf(state, name)?.pool ?? EMPTY_POOL;
}

export function bibOf(state: State, name: string): Bib {
  return instanceOf(state, name)?.bib ?? EMPTY_BIB;
}

export function settingsOf(state: State, name: string): GlobalSettings {
  return instanceOf(state, name)?.globals ?? NO_SETTINGS;
}

export function contentOf(state: State, name: string): Content {
  return instanceOf(state, name) ?? EMPTY_CONTENT;
}

/** The state with name's pool replaced. */
export function withPool(state: State, name: string, pool: Pool): State {
  return withContent(state, name, pool, bibOf(state, name));
}

/** The state with name's pool and BIB replaced; a name nobody added springs into being once it holds something. */
export function withContent(state: State, name: string, pool: Pool, bib: Bib): State {
  const existing = instanceOf(state, name);
  if (existing === undefined) {
    return pool.tables.length === 0 && isEmpty(bib) ? state : { instances: [...state.instances, { name, pool, bib }] };
  }
  if (existing.pool === pool && existing.bib === bib) return state;
  return replace(state, { ...existing, pool, bib });
}

export function holesOf(state: State, name: string): readonly Hole[] {
  return instanceOf(state, name)?.holes ?? NO_HOLES;
}

/** The state with name's holes replaced (an instance that does not exist has none to keep). */
export function withHoles(state: State, name: string, holes: readonly Hole[]): State {
  const existing = instanceOf(state, name);
  if (existing === undefined || (existing.holes ?? NO_HOLES) === holes) return state;
  const { holes: _, ...rest } = existing;
  return replace(state, holes.length === 0 ? rest : { ...rest, holes });
}

/** The state with name's globals replaced; a name nobody added springs into being once it sets one. */
export function withSettings(state: State, name: string, settings: GlobalSettings): State {
  const globals = Object.keys(settings).length === 0 ? undefined : settings;
  const existing = instanceOf(state, name);
  if (existing === undefined) return globals === undefined ? state : { instances: [...state.instances, { name, pool: EMPTY_POOL, bib: EMPTY_BIB, globals }] };
  const { globals: _, ...rest } = existing;
  return replace(state, globals === undefined ? rest : { ...rest, globals });
}

/** The state with name's pool6 set, or unset (Jool 3's --pool6); a name nobody added springs into being once it has one. */
export function withPool6(state: State, name: string, pool6: string | undefined): State {
  const existing = instanceOf(state, name);
  if (existing === undefined) return pool6 === undefined ? state : { instances: [...state.instances, { name, pool: EMPTY_POOL, bib: EMPTY_BIB, pool6 }] };
  const { pool6: _, ...rest } = existing;
  return replace(state, pool6 === undefined ? rest : { ...rest, pool6 });
}

/**
 * `instance add`: an added name is refused, as is a second Netfilter instance; one that sprang into
 * being is adopted with what it holds (its pool, BIB and globals).
 */
export function addInstance(state: State, name: string, framework: Framework, pool6: string): State {
  const existing = instanceOf(state, name);
  if (existing?.framework !== undefined) throw new InstanceError({ kind: 'exists', name });
  checkNetfilter(state, name, framework);
  const added: Instance = { ...existing, name, framework, pool6, pool: existing?.pool ?? EMPTY_POOL, bib: existing?.bib ?? EMPTY_BIB };
  return existing === undefined ? { instances: [...state.instances, added] } : replace(state, added);
}

export function removeInstance(state: State, name: string): State {
  if (instanceOf(state, name) === undefined) throw new InstanceError({ kind: 'missing', name });
  return { instances: state.instances.filter((i) => i.name !== name) };
}

/**
 * `file handle`: the instance's whole pool becomes pool, and its globals the file's (every other
 * global back to its default). An added instance keeps its framework and pool6 (Jool cannot change
 * them) and its BIB (Jool's xlator_replace(): "the old BIB must survive"), whatever pool4 now
 * holds; a new one, or one that sprang into being, takes the file's. A new Netfilter instance is
 * accepted beside another: Jool adds it through __xlator_add(), which skips the check that
 * `instance add` makes (global-facts 7).
 */
export function configure(state: State, name: string, framework: Framework, pool6: string, pool: Pool, bib: Bib, settings: GlobalSettings = NO_SETTINGS): State {
  const existing = instanceOf(state, name);
  const globals = Object.keys(settings).length === 0 ? undefined : settings;
  if (existing?.framework !== undefined) {
    if (existing.framework !== framework) throw new InstanceError({ kind: 'framework-change', name, from: existing.framework, to: framework });
    if (existing.pool6 !== undefined && !samePrefix6(existing.pool6, pool6)) throw new InstanceError({ kind: 'pool6-change', name, from: existing.pool6, to: pool6 });
    // A new pool4 is a new mark-less tree: no holes.
    const { globals: _, holes: __, ...rest } = existing;
    return replace(state, { ...rest, pool, ...(globals === undefined ? {} : { globals }) });
  }
  const configured: Instance = { name, framework, pool6, pool, bib, ...(globals === undefined ? {} : { globals }) };
  return existing === undefined ? { instances: [...state.instances, configured] } : replace(state, configured);
}

function checkNetfilter(state: State, name: string, framework: Framework): void {
  if (framework !== 'netfilter') return;
  const holder = state.instances.find((i) => i.framework === 'netfilter' && i.name !== name);
  if (holder !== undefined) throw new InstanceError({ kind: 'netfilter-taken', name, holder: holder.name });
}

function replace(state: State, instance: Instance): State {
  return { instances: state.instances.map((i) => (i.name === instance.name ? instance : i)) };
}
