/** One function per operation, each taking its typed request (from either dialect); each returns its exit status. */
import { readFileSync } from 'node:fs';
import { ConfigError, readAtomicConfig } from './atomic-config.js';
import type {
  AddRequest,
  CheckRequest,
  CountRequest,
  DisplayRequest,
  FileHandleRequest,
  FlushRequest,
  ImportRequest,
  InstanceAddRequest,
  InstanceDisplayRequest,
  InstanceFlushRequest,
  InstanceRemoveRequest,
  InstanceStatusRequest,
  PlanRequest,
  RemoveRequest,
} from './cli/requests.js';
import { EXIT_USAGE, JoolError, toJoolError } from './errors.js';
import { FileError } from './file-errors.js';
import { BrokenPipe } from './output/sink.js';
import { EPHEMERAL_RANGE_FILE, ephemeralRangeOrDefault, hostEphemeralRange } from './ephemeral.js';
import { applyImport, ImportError, parseImport } from './importing.js';
import { formatCheck } from './output/check.js';
import { formatCounts } from './output/count.js';
import { formatPlan } from './output/plan.js';
import { writeCsv, writeTabs } from './output/display.js';
import { writeInstances } from './output/instances.js';
import { writeJool4Csv, writeJool4Table } from './output/jool4.js';
import { writeJson } from './output/json.js';
import type { Sink } from './output/sink.js';
import { writeTable } from './output/table.js';
import { freeEphemeralRange, overlaps } from './pool4/check.js';
import * as instances from './pool4/instances.js';
import { plan as planSteps } from './pool4/plan.js';
import * as pool4 from './pool4/pool.js';
import type { PortRange } from './pool4/ports.js';
import { parseBytes, StateFormatError } from './state/format.js';
import { read, update } from './state/store.js';
import { reason } from './system.js';

const OK = 0;

export function display(r: DisplayRequest, out: Sink): number {
  const tables = pool4.selectTables(instances.poolOf(read(r.state), r.instance), r.filter);
  if (r.format === 'jool4') writeJool4Table(tables, r.headers !== false, out);
  else if (r.format === 'jool4-csv') writeJool4Csv(tables, r.headers !== false, out);
  else ({ tabs: writeTabs, csv: writeCsv, table: writeTable, json: writeJson })[r.format](tables, out);
  return OK;
}

export function count(r: CountRequest, out: Sink): number {
  out.write(formatCounts(pool4.count(instances.poolOf(read(r.state), r.instance))));
  return OK;
}

export function add(r: AddRequest, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  let rules = pool4.JOOL3_ADD(r.force);
  if (r.dialect === 'jool4') {
    // /proc is read only when the check can apply: TCP and UDP, without --force.
    const checked = !r.force && !r.entry.protocols.includes('ICMP');
    rules = { limitPrefix: !r.force, refuseReserved: false, ephemeral: checked ? (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile)) : undefined };
  }
  onPool(r, (pool) => pool4.add(pool, r.entry, rules));
  return OK;
}

export function remove(r: RemoveRequest): number {
  onPool(r, (pool) => pool4.remove(pool, r.entry));
  return OK;
}

export function flush(r: FlushRequest): number {
  onPool(r, () => pool4.EMPTY_POOL);
  return OK;
}

function onPool(r: { state: string; lockTimeoutMs: number; instance: string }, change: (pool: pool4.Pool) => pool4.Pool): void {
  update(r.state, (state) => instances.withPool(state, r.instance, change(instances.poolOf(state, r.instance))), r.lockTimeoutMs);
}

/** Like diff: the report goes to stdout, and the status says whether anything overlaps. */
export function check(r: CheckRequest, out: Sink, rangeFile = EPHEMERAL_RANGE_FILE): number {
  return asDiff(() => checkOverlaps(r, out, rangeFile));
}

function checkOverlaps(r: CheckRequest, out: Sink, rangeFile: string): number {
  const ephemeral = r.ephemeral ?? hostEphemeralRange(rangeFile);
  const pool = instances.poolOf(read(r.state), r.instance);
  const found = overlaps(pool, ephemeral);
  const from = r.ephemeral === undefined ? rangeFile : '--ephemeral-range';
  out.write(formatCheck(found, ephemeral, from, found.length === 0 ? undefined : freeEphemeralRange(pool, ephemeral)));
  return found.length === 0 ? OK : 1;
}

export function importFile(r: ImportRequest): number {
  const source = r.source === '-' ? 'standard input' : r.source;
  const text = readSource(r.source).toString('utf8');
  try {
    const entries = parseImport(text);
    onPool(r, (pool) => applyImport(pool, entries, r.replace));
  } catch (e) {
    if (e instanceof ImportError) throw e.in(source);
    throw e;
  }
  return OK;
}

/** A file to read whole; for imports and plans, '-' is standard input (Jool's `file handle -` opens a file named -). */
function readSource(source: string, dashIsStdin = true): Buffer {
  const stdin = dashIsStdin && source === '-';
  try {
    return readFileSync(stdin ? 0 : source);
  } catch (e) {
    throw new ImportError('', `cannot be read: ${reason(e)}`, stdin ? 'standard input' : source);
  }
}

/** Like diff: nothing and 0 when the pool is already the file's; the script on stdout and 1 when it is not; 2 for trouble. */
export function plan(r: PlanRequest, out: Sink, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  return asDiff(() => planChanges(r, out, ephemeralFile));
}

/**
 * --check and --plan answer like diff(1): 0 and 1 are answers, so any trouble is 2, whatever its
 * kind, and a script can tell "found something" from "could not look".
 */
function asDiff(answer: () => number): number {
  try {
    return answer();
  } catch (e) {
    if (e instanceof BrokenPipe) throw e;
    throw new JoolError(EXIT_USAGE, toJoolError(e).message);
  }
}

function planChanges(r: PlanRequest, out: Sink, ephemeralFile: string): number {
  const source = r.source === '-' ? 'standard input' : r.source;
  // Said as a file's problem, not an import's: a plan imports nothing.
  const desired = asFileProblem(source, () => desiredPool(readSource(r.source), source, r.instance));
  const current = instances.poolOf(read(r.state), r.instance);
  const ephemeral = r.syntax === 'jool4' ? (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile)) : undefined;
  const steps = planSteps(current, desired, { syntax: r.syntax, ephemeral });
  if (steps.length === 0) return OK;
  out.write(formatPlan(steps, r.syntax, r.instance, source));
  return 1;
}

/** The pool a plan aims at: what `--import --replace` of the file gives, or the instance's pool in a state file. */
function desiredPool(bytes: Buffer, source: string, instance: string): pool4.Pool {
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (/^\s*\{/.test(head) && /"format"\s*:\s*"jool-pool4-state"/.test(head)) {
    let state;
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
    return found.pool;
  }
  try {
    return applyImport(pool4.EMPTY_POOL, parseImport(bytes.toString('utf8')), true);
  } catch (e) {
    if (e instanceof ImportError) throw e.in(source);
    throw e;
  }
}

export function instanceDisplay(r: InstanceDisplayRequest, out: Sink): number {
  writeInstances(read(r.state).instances, r.csv, r.headers, out);
  return OK;
}

export function instanceAdd(r: InstanceAddRequest): number {
  update(r.state, (state) => instances.addInstance(state, r.name, r.framework, r.pool6), r.lockTimeoutMs);
  return OK;
}

export function instanceRemove(r: InstanceRemoveRequest): number {
  update(r.state, (state) => instances.removeInstance(state, r.name), r.lockTimeoutMs);
  return OK;
}

export function instanceFlush(r: InstanceFlushRequest): number {
  update(r.state, () => instances.EMPTY_STATE, r.lockTimeoutMs);
  return OK;
}

export function instanceStatus(r: InstanceStatusRequest, out: Sink): number {
  out.write(instances.instanceOf(read(r.state), r.name) === undefined ? 'Dead\n' : 'Running\n');
  return OK;
}

export function readConfigText(file: string): string {
  return asFileProblem(file, () => readSource(file, false)).toString('utf8');
}

/** Runs read, saying an import's complaint as one about the file: for what does not import. */
function asFileProblem<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    throw new FileError(file, e.where, e.problem);
  }
}

export function fileHandle(r: FileHandleRequest, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  const text = readConfigText(r.file);
  try {
    const config = readAtomicConfig(text);
    if (r.instance !== undefined && r.instance !== config.instance) {
      throw new ConfigError('instance', `is '${config.instance}', but the command line names the instance '${r.instance}'; give one`);
    }
    const ephemeral: PortRange | undefined = r.force ? undefined : (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile));
    const rules: pool4.AddRules = { limitPrefix: false, refuseReserved: false, ephemeral };
    let pool: pool4.Pool;
    try {
      pool = pool4.addAll(pool4.EMPTY_POOL, config.pool4.map((e) => e.entry), rules);
    } catch (e) {
      if (e instanceof pool4.PoolRefusal) throw new FileError(r.file, e.entry === undefined ? 'pool4' : config.pool4[e.entry].where, e.refusal);
      throw e;
    }
    update(r.state, (state) => instances.configure(state, config.instance, config.framework, config.pool6, pool), r.lockTimeoutMs);
  } catch (e) {
    if (e instanceof ConfigError) throw new FileError(r.file, e.where, e.problem);
    throw e;
  }
  return OK;
}

