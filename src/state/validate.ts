/**
 * The checks every reader of the state file makes, whatever the layout: one wording for each
 * problem, naming where it is.
 */
import { readHole, type Hole } from '../pool4/holes.js';
import { FRAMEWORKS, isInstanceName, type Framework } from '../instance/instances.js';
import { compareTables, MAX_ITERATIONS, MAX_MARK, PROTOCOLS, type MaxIterations, type Protocol, type Table } from '../pool4/pool.js';
import { printable } from '../quote.js';
import { checkGlobal, globalNamed, GlobalProblem, NO_SETTINGS, readGlobalJson, withSetting, type GlobalSettings, type JsonGlobal } from '../global/globals.js';

/** The file's content is not a valid state; the message says where and what. */
export class StateFormatError extends Error {}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isWhole(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

export function checkMark(where: string, v: unknown): number {
  if (!isWhole(v, MAX_MARK)) throw new StateFormatError(`${where}.mark is not a whole number from 0 to ${MAX_MARK}`);
  return v;
}

export function checkProtocol(where: string, v: unknown): Protocol {
  if (!PROTOCOLS.includes(v as Protocol)) throw new StateFormatError(`${where}.protocol is not one of ${PROTOCOLS.join(', ')}`);
  return v as Protocol;
}

export function checkIterations(where: string, v: unknown): MaxIterations {
  if (v === 'auto' || v === 'infinity' || (isWhole(v, MAX_ITERATIONS) && v > 0)) return v;
  throw new StateFormatError(`${where}["max-iterations"] is not "auto", "infinity" or a whole number from 1 to ${MAX_ITERATIONS}`);
}

export function checkCounter(where: string, v: unknown): number {
  if (!isWhole(v, 0xffffffff)) throw new StateFormatError(`${where}.counter is not a whole number from 0 to 4294967295`);
  return v;
}

/**
 * A table once its runs are read: in order after the one before it. Any size is kept: Jool 3.5
 * has no limit, and a release with one refuses the add that would go past it, not the file.
 */
export function checkTable(where: string, table: Table, previous: Table | undefined): void {
  if (previous !== undefined && compareTables(previous, table) >= 0) {
    throw new StateFormatError(`${where} (mark ${table.mark}, ${table.protocol}) is out of order or repeated: tables are sorted by mark, then ICMP, UDP, TCP`);
  }
}

export interface InstanceHead {
  readonly name: string;
  readonly framework?: Framework;
  readonly pool6?: string;
  readonly globals?: GlobalSettings;
  readonly holes?: readonly Hole[];
}

const INSTANCE_KEYS = ['name', 'framework', 'pool6', 'tables'];
/** Version 3 adds the globals, the static BIB, and the checksum of its lines (which only the fast reader uses). */
const INSTANCE_KEYS_3 = [...INSTANCE_KEYS, 'globals', 'pool4-holes', 'bib', 'bib-sha1'];
/** Version 4 keeps the pool as lines ("runs") with their chunk entries, which only the fast reader uses. */
const INSTANCE_KEYS_4 = ['name', 'framework', 'pool6', 'globals', 'pool4-holes', 'chunks', 'runs', 'bib', 'bib-sha1'];

/** An instance's name, framework and pool6; names must be unique (seen holds the ones before). */
export function checkInstanceHead(where: string, o: Record<string, unknown>, seen: Set<string>, version = 4): InstanceHead {
  const keys = version >= 4 ? INSTANCE_KEYS_4 : version === 3 ? INSTANCE_KEYS_3 : INSTANCE_KEYS;
  const unknown = Object.keys(o).find((k) => !keys.includes(k));
  if (unknown !== undefined) throw new StateFormatError(`${where} has an unknown key "${printable(unknown)}"`);
  const { name, framework, pool6 } = o;
  if (typeof name !== 'string' || !isInstanceName(name)) throw new StateFormatError(`${where}.name is not 1 to 15 printable ASCII characters`);
  if (seen.has(name)) throw new StateFormatError(`${where}.name "${name}" is repeated`);
  seen.add(name);
  if (framework !== undefined && !FRAMEWORKS.includes(framework as Framework)) {
    throw new StateFormatError(`${where}.framework is not one of ${FRAMEWORKS.join(', ')}`);
  }
  if (pool6 !== undefined && (typeof pool6 !== 'string' || !/^[0-9a-fA-F:.]{2,45}\/[0-9]{1,3}$/.test(pool6))) {
    throw new StateFormatError(`${where}.pool6 is not an IPv6 prefix such as "64:ff9b::/96"`);
  }
  const head: InstanceHead = { name, framework: framework as Framework | undefined, pool6: pool6 as string | undefined };
  const globals = o.globals === undefined ? undefined : checkGlobals(`${where}.globals`, o.globals);
  const holes = o['pool4-holes'] === undefined ? undefined : checkHoles(`${where}["pool4-holes"]`, o['pool4-holes']);
  return { ...head, ...(globals === undefined ? {} : { globals }), ...(holes === undefined ? {} : { holes }) };
}

/** "pool4-holes": strings such as "TCP 192.0.2.1-192.0.2.1 40-60" (holeText). */
function checkHoles(where: string, o: unknown): readonly Hole[] {
  if (!Array.isArray(o)) throw new StateFormatError(`${where} is not an array`);
  return o.map((text, i) => {
    const hole = typeof text === 'string' ? readHole(text) : undefined;
    if (hole === undefined) throw new StateFormatError(`${where}[${i}] is not a hole such as "TCP 192.0.2.1-192.0.2.1 40-60"`);
    return hole;
  });
}

/** The globals an instance sets, as a configuration file writes them and the kernel accepts them; defaults are dropped. */
function checkGlobals(where: string, o: unknown): GlobalSettings | undefined {
  if (!isObject(o)) throw new StateFormatError(`${where} is not an object`);
  let settings = NO_SETTINGS;
  for (const [key, v] of Object.entries(o)) {
    const meta = globalNamed(key);
    if (meta === undefined || meta.name === 'pool6') throw new StateFormatError(`${where} has an unknown key "${printable(key)}" (pool6 is the instance's own key)`);
    try {
      const value = readGlobalJson(meta, v as JsonGlobal);
      settings = withSetting(settings, meta, checkGlobal(meta, value, JSON.stringify(v)));
    } catch (e) {
      if (e instanceof GlobalProblem) throw new StateFormatError(`${where}["${key}"] ${e.shown} ${e.problem}`);
      throw e;
    }
  }
  return Object.keys(settings).length === 0 ? undefined : settings;
}
