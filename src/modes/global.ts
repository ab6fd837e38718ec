/** Jool 4's global and stats modes. */
import type { GlobalDisplayRequest, GlobalUpdateRequest, StatsDisplayRequest } from '../cli/requests.js';
import type { Sink } from '../output/sink.js';
import * as instances from '../instance/instances.js';
import { read, update } from '../state/store.js';
import * as bib from '../bib/bib.js';
import { checkGlobal, checkPool6, checkPool6Kept, globalNamed, globalValues, NO_SETTINGS, withSetting } from '../global/globals.js';
import { stats, statValues } from '../global/stats.js';
import { has } from '../releases/releases.js';
import { formatGlobals, formatStats } from '../output/globals.js';
import { pool4View } from './instance-content.js';

const OK = 0;

/** An instance nobody added shows the defaults, pool6 unset (SPEC 10). */
export function globalDisplay(r: GlobalDisplayRequest, out: Sink): number {
  const instance = instances.instanceOf(read(r.state), r.instance);
  const { metas, values } = globalValues(instance?.globals ?? NO_SETTINGS, instance?.pool6, r.release);
  out.write(formatGlobals(metas, values, r.csv, r.headers));
  return OK;
}

/**
 * One global, under the kernel's rules; then, from 4.1.9, as Jool validates the whole instance it
 * replaces, every BIB entry must sit in pool4 (bib-facts 6). pool6 only passes unchanged.
 */
export function globalUpdate(r: GlobalUpdateRequest): number {
  const meta = globalNamed(r.key, r.release)!;
  const shown = `'${r.shown}'`;
  update(
    r.state,
    (state) => {
      let after = state;
      if (meta.name === 'pool6') {
        checkPool6Kept(checkPool6(r.value as string | null, r.force, shown), instances.instanceOf(state, r.instance)?.pool6, shown);
      } else {
        const value = checkGlobal(meta, r.value, shown);
        after = instances.withSettings(state, r.instance, withSetting(instances.settingsOf(state, r.instance), meta, value));
      }
      const { pool, bib: entries } = instances.contentOf(state, r.instance);
      const view = pool4View(pool, r, instances.holesOf(state, r.instance));
      const lost = bib.isEmpty(entries) || !has(r.release, 'bib-in-pool4-at-commit') ? [] : bib.orphans(entries, view);
      if (lost.length > 0) throw new bib.BibError({ kind: 'orphan', ...lost[0] });
      return after;
    },
    r.lockTimeoutMs,
  );
  return OK;
}

/** No traffic here: every counter is zero but the static BIB entries'. */
export function statsDisplay(r: StatsDisplayRequest, out: Sink): number {
  const entries = instances.bibOf(read(r.state), r.instance);
  const counters = stats(r.release);
  out.write(formatStats(counters, statValues(counters, bib.size(entries)), r));
  return OK;
}
