/** --plan: the commands that turn the instance into what a file describes. */
import type { PlanRequest } from '../cli/requests.js';
import { EPHEMERAL_RANGE_FILE, ephemeralRangeOrDefault } from '../host/ephemeral.js';
import { applyImport, ImportError, parseImport } from '../formats/import.js';
import { formatPlan, type Jool3Extras } from '../output/plan.js';
import type { Sink } from '../output/sink.js';
import * as instances from '../instance/instances.js';
import { plan as planSteps } from '../pool4/plan.js';
import { needsQuick, planBib } from '../bib/plan.js';
import { parseBytes, StateFormatError } from '../state/format.js';
import { read } from '../state/store.js';
import { displayPrefix6, NO_SETTINGS, samePrefix6, type ConfigGlobals, type GlobalSettings } from '../global/globals.js';
import { planGlobals, planJool3Globals } from '../global/plan.js';
import { EMPTY_BIB } from '../bib/bib.js';
import { tableOf, type Pool } from '../pool4/pool.js';
import { has } from '../releases/releases.js';
import { asDiff } from './as-diff.js';
import { hasMarklessTree, hostAddresses, pool4View } from './instance-content.js';
import { asFileProblem, readSource } from './sources.js';

const OK = 0;

/** Like diff: nothing and 0 when the pool is already the file's; the script on stdout and 1 when it is not; 2 for trouble. */
export function plan(r: PlanRequest, out: Sink, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  return asDiff(() => planChanges(r, out, ephemeralFile));
}

function planChanges(r: PlanRequest, out: Sink, ephemeralFile: string): number {
  const source = r.source === '-' ? 'standard input' : r.source;
  // Said as a file's problem, not an import's: a plan imports nothing.
  const desired = asFileProblem(source, () => desiredInstance(readSource(r.source), source, r, () => hostAddresses(r)));
  const state = read(r.state);
  const current = instances.contentOf(state, r.instance);
  // Only a release that refuses the ephemeral range needs --force for it.
  const ephemeral = r.syntax === 'jool4' && has(r.release, 'ephemeral-range-refusal') ? (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile)) : undefined;
  const currentPool6 = instances.instanceOf(state, r.instance)?.pool6;
  const extras = r.syntax === 'jool3' ? jool3Extras(r, current.pool, currentPool6, instances.settingsOf(state, r.instance), desired) : undefined;
  // 3.5's pool6 remove takes the whole BIB with it: what the plan keeps must be added again.
  const bibBefore = extras?.pool6.remove !== undefined && has(r.jool3, 'pool6-bib-flush') ? EMPTY_BIB : current.bib;
  const entries = planBib(bibBefore, desired.bib, pool4View(desired.pool, r));
  const steps = planSteps(current.pool, desired.pool, { syntax: r.syntax, ephemeral, holes: instances.holesOf(state, r.instance), tree: hasMarklessTree(r.syntax, r.jool3) }).map((s) =>
    needsQuick(s, entries.kept, r.syntax) ? { ...s, quick: true } : s,
  );
  // Only a target that says what its globals are (a state file, a configuration with "global") plans them.
  const globals =
    desired.globals === undefined || extras !== undefined ? [] : planGlobals(instances.settingsOf(state, r.instance), currentPool6, desired.globals.settings, desired.globals.pool6, r.release);
  const extra = extras === undefined ? 0 : Object.keys(extras.pool6).length + extras.updates.length + extras.globals.length + extras.jool4.length + extras.unsaid.length;
  if (steps.length + entries.removes.length + entries.adds.length + globals.length + extra === 0) return OK;
  out.write(formatPlan(steps, entries, globals, r.syntax, r.instance, source, extras));
  return 1;
}

/**
 * The Jool 3 syntax plans pool6 (which its --pool6 can change), the max iterations of 3.5.5's
 * --update, and --global key flags, where the target says what they are.
 */
function jool3Extras(r: PlanRequest, pool: Pool, pool6: string | undefined, settings: GlobalSettings, desired: { pool: Pool; globals?: ConfigGlobals }): Jool3Extras {
  const target = desired.globals;
  const wanted = target?.pool6;
  // As in the Jool 4 syntax, an instance without pool6 (nobody gave it one: the translator's is unknown here) is not compared.
  const pool6Steps = wanted === undefined || pool6 === undefined || samePrefix6(pool6, wanted) ? {} : { remove: displayPrefix6(pool6), add: displayPrefix6(wanted) };
  const updates: Jool3Extras['updates'][number][] = [];
  if (has(r.jool3, 'pool4-table')) {
    for (const t of desired.pool.tables) {
      const then = tableOf(pool, t.mark, t.protocol)?.iterations ?? 'auto';
      if (then !== t.iterations) updates.push({ mark: t.mark, protocol: t.protocol, iterations: String(t.iterations) });
    }
  }
  const { steps, unsaid } = target === undefined ? { steps: [], unsaid: [] } : planJool3Globals(settings, target.settings, r.jool3);
  // What this Jool 3 has no flag for, Jool 4's syntax says, so that the script still reaches the target here.
  const jool4 = target === undefined ? [] : planGlobals(settings, undefined, target.settings, undefined, r.release).filter((g) => unsaid.includes(g.key));
  return { pool6: pool6Steps, updates, globals: steps, jool4, unsaid: unsaid.filter((k) => !jool4.some((g) => g.key === k)) };
}

/** What a plan aims at: what `--import --replace` of the file gives (and its globals), or the instance in a state file. */
function desiredInstance(bytes: Buffer, source: string, r: PlanRequest, hostAddresses: () => readonly number[]): instances.Content & { globals?: ConfigGlobals } {
  const instance = r.instance;
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (/^\s*\{/.test(head) && /"format"\s*:\s*"jool-pool4-state"/.test(head)) {
    let state: instances.State;
    try {
      state = parseBytes(bytes);
    } catch (e) {
      if (e instanceof StateFormatError) throw new ImportError('', `is not a valid pool4 state file: ${e.message}`, source);
      throw e;
    }
    const found = instances.instanceOf(state, instance);
    if (found === undefined) {
      const names = state.instances.map((i) => `'${i.name}'`).join(', ') || 'none';
      throw new ImportError('', `is a state file without the instance '${instance}' (its instances: ${names}); choose one with --instance`, source);
    }
    return { ...found, globals: { pool6: found.pool6, settings: found.globals ?? NO_SETTINGS } };
  }
  try {
    const imported = parseImport(bytes.toString('utf8'), r.release);
    return { ...applyImport(instances.EMPTY_CONTENT, imported, true, hostAddresses), globals: imported.globals };
  } catch (e) {
    if (e instanceof ImportError) throw e.in(source);
    throw e;
  }
}
