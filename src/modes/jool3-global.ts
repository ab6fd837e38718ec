/**
 * Jool 3's `--global` (SPEC 12): the instance's globals, the same ones `jool global` shows, read
 * and set with Jool 3's keys and rules; a global nobody set shows Jool 3's default.
 */
import type { Jool3GlobalDisplayRequest, Jool3GlobalUpdateRequest } from '../cli/requests.js';
import { checkGlobal, NO_SETTINGS, withSetting, type GlobalSettings } from '../global/globals.js';
import { ATOMIC_SWITCHES, atomicFragments, jool3Default, metaOf } from '../global/jool3-globals.js';
import * as instances from '../instance/instances.js';
import { formatJool3Globals } from '../output/jool3-globals.js';
import type { Sink } from '../output/sink.js';
import { has } from '../releases/releases.js';
import { read, update } from '../state/store.js';

const OK = 0;

export function jool3GlobalDisplay(r: Jool3GlobalDisplayRequest, out: Sink): number {
  const instance = instances.instanceOf(read(r.state), r.instance);
  const settings = instance?.globals ?? NO_SETTINGS;
  const enabled = (settings['manually-enabled'] ?? true) === true;
  const hasPool6 = instance?.pool6 !== undefined;
  // Status (config.c): the seed needs pool6 and pool4; 3.5 pool6 alone (an empty pool4 is the host's addresses).
  const running = enabled && hasPool6 && (has(r.jool3, 'globals-35') || (instance?.pool.tables.length ?? 0) > 0);
  const layout = !has(r.jool3, 'globals-35') ? 'seed' : has(r.jool3, 'pool4-table') ? '3.5.5' : '3.5.0';
  out.write(formatJool3Globals({ running, value: (key) => settings[key] ?? jool3Default(key) }, layout, r.csv, r.headers));
  return OK;
}

/** The kernel's rules, as Jool 4's (the plateaus sorted, timeouts bounded); allow-atomic-fragments sets its four switches. */
export function jool3GlobalUpdate(r: Jool3GlobalUpdateRequest): number {
  update(
    r.state,
    (state) => {
      let settings: GlobalSettings = instances.settingsOf(state, r.instance);
      if (r.key === 'allow-atomic-fragments') {
        const switches = atomicFragments(r.value === true);
        for (const k of ATOMIC_SWITCHES) settings = withSetting(settings, metaOf(k), switches[k]);
      } else {
        const meta = metaOf(r.key);
        settings = withSetting(settings, meta, checkGlobal(meta, r.value, `'${r.shown}'`));
      }
      return instances.withSettings(state, r.instance, settings);
    },
    r.lockTimeoutMs,
  );
  return OK;
}
