/** The JSON bridge: what --display --json writes of the BIB, and --json --all (the whole instance as a Jool 4 configuration). */
import type { DisplayRequest } from '../cli/requests.js';
import { writeConfig } from '../output/json.js';
import type { Sink } from '../output/sink.js';
import * as instances from '../instance/instances.js';
import * as bib from '../bib/bib.js';
import type { Protocol } from '../pool4/pool.js';

const OK = 0;

/** --json --all: what file handle needs to make the instance again, which only an added instance has. */
export function displayConfig(state: instances.State, r: DisplayRequest, out: Sink): number {
  const instance = instances.instanceOf(state, r.instance);
  if (instance?.framework === undefined || instance.pool6 === undefined) throw new instances.InstanceError({ kind: 'unconfigured', name: r.instance, exists: instance !== undefined });
  writeConfig({ ...instance, framework: instance.framework, pool6: instance.pool6 }, instance.pool.tables, bibEntries(instance.bib, undefined), out, r.release);
  return OK;
}

/** The BIB's entries of the protocols (all when undefined), in the order Jool shows them. */
export function bibEntries(entries: bib.Bib, protocols: readonly Protocol[] | undefined): { protocol: Protocol; entry: bib.BibEntry }[] {
  return bib.BIB_PROTOCOLS.filter((p) => protocols === undefined || protocols.includes(p)).flatMap((protocol) => entries[protocol].map((entry) => ({ protocol, entry })));
}
