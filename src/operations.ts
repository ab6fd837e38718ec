/** One function per operation, each taking its typed request (from either dialect); each returns its exit status. */
import { readFileSync } from 'node:fs';
import { readAtomicConfig, type AtomicConfig, type ConfigBibEntry, type ConfigEntry } from './atomic-config.js';
import type {
  AddRequest,
  BibAddRequest,
  BibCountRequest,
  BibDisplayRequest,
  BibRemoveRequest,
  CheckRequest,
  Common,
  OnInstance,
  SessionCountRequest,
  SessionDisplayRequest,
  CountRequest,
  DisplayRequest,
  FileHandleRequest,
  FlushRequest,
  GlobalDisplayRequest,
  GlobalUpdateRequest,
  StatsDisplayRequest,
  ImportRequest,
  InstanceAddRequest,
  InstanceDisplayRequest,
  InstanceFlushRequest,
  InstanceRemoveRequest,
  InstanceStatusRequest,
  PlanRequest,
  RemoveRequest,
} from './cli/requests.js';
import { EXIT_USAGE, explainBib, JoolError, toJoolError } from './errors.js';
import { FileError, FileProblems } from './file-errors.js';
import { BrokenPipe } from './output/sink.js';
import { EPHEMERAL_RANGE_FILE, ephemeralRangeOrDefault, hostEphemeralRange } from './ephemeral.js';
import { applyImport, ImportError, parseImport } from './importing.js';
import { formatCheck, formatOrphans } from './output/check.js';
import { formatCounts } from './output/count.js';
import { formatPlan } from './output/plan.js';
import { writeCsv, writeTabs } from './output/display.js';
import { writeInstances } from './output/instances.js';
import { writeJool4Csv, writeJool4Table } from './output/jool4.js';
import { writeConfig, writeJson } from './output/json.js';
import type { Sink } from './output/sink.js';
import { writeTable } from './output/table.js';
import { freeEphemeralRange, overlaps } from './pool4/check.js';
import * as instances from './pool4/instances.js';
import { plan as planSteps } from './pool4/plan.js';
import { needsQuick, planBib } from './bib/plan.js';
import * as pool4 from './pool4/pool.js';
import type { PortRange } from './pool4/ports.js';
import { parseBytes, StateFormatError } from './state/format.js';
import { read, update } from './state/store.js';
import { reason } from './system.js';
import * as bib from './bib/bib.js';
import { interfaceAddresses } from './host.js';
import { resolveNames, type Names, type Resolver } from './names.js';
import { formatSessionsJool3, formatSessionsJool4, formatTableCounts, writeBibJool3, writeBibJool4 } from './output/bib.js';
import { firstOf, formatAddress, lastOf } from './pool4/addresses.js';
import { checkGlobal, checkPool6, checkPool6Kept, globalNamed, globalValues, NO_SETTINGS, withSetting, type ConfigGlobals } from './global/globals.js';
import { planGlobals } from './global/plan.js';
import { statValues } from './global/stats.js';
import { formatGlobals, formatStats } from './output/globals.js';
import type { Protocol } from './pool4/pool.js';

const OK = 0;

export function display(r: DisplayRequest, out: Sink): number {
  const state = read(r.state);
  if (r.all) return displayConfig(state, r, out);
  const content = instances.contentOf(state, r.instance);
  const tables = pool4.selectTables(content.pool, r.filter);
  if (r.format === 'jool4') writeJool4Table(tables, r.headers !== false, out);
  else if (r.format === 'jool4-csv') writeJool4Csv(tables, r.headers !== false, out);
  else if (r.format === 'json') writeJson(tables, bibEntries(content.bib, r.filter.protocols), out);
  else ({ tabs: writeTabs, csv: writeCsv, table: writeTable })[r.format](tables, out);
  return OK;
}

/** --json --all: what file handle needs to make the instance again, which only an added instance has. */
function displayConfig(state: instances.State, r: DisplayRequest, out: Sink): number {
  const instance = instances.instanceOf(state, r.instance);
  if (instance?.framework === undefined || instance.pool6 === undefined) throw new instances.InstanceError({ kind: 'unconfigured', name: r.instance, exists: instance !== undefined });
  writeConfig({ ...instance, framework: instance.framework, pool6: instance.pool6 }, instance.pool.tables, bibEntries(instance.bib, undefined), out);
  return OK;
}

/** The BIB's entries of the protocols (all when undefined), in the order Jool shows them. */
function bibEntries(entries: bib.Bib, protocols: readonly Protocol[] | undefined): { protocol: Protocol; entry: bib.BibEntry }[] {
  return bib.BIB_PROTOCOLS.filter((p) => protocols === undefined || protocols.includes(p)).flatMap((protocol) => entries[protocol].map((entry) => ({ protocol, entry })));
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

/** Unless --quick, the BIB entries of what is removed go too, whatever their mark (bib-facts 5). */
export function remove(r: RemoveRequest): number {
  const { prefix, ports } = r.entry;
  onContent(r, (pool, entries) => ({
    pool: pool4.remove(pool, r.entry),
    bib: r.quick ? entries : bib.removeRange(entries, r.cascade, firstOf(prefix), lastOf(prefix), ports),
  }));
  return OK;
}

export function flush(r: FlushRequest): number {
  onContent(r, (_, entries) => ({ pool: pool4.EMPTY_POOL, bib: r.quick ? entries : bib.EMPTY_BIB }));
  return OK;
}

function onPool(r: OnInstance, change: (pool: pool4.Pool) => pool4.Pool): void {
  onContent(r, (pool, entries) => ({ pool: change(pool), bib: entries }));
}

/** The one read-modify-write of an instance: its pool and its BIB, changed together or not at all. */
function onContent(r: OnInstance, change: (pool: pool4.Pool, entries: bib.Bib) => instances.Content): void {
  update(
    r.state,
    (state) => {
      const { pool, bib: entries } = instances.contentOf(state, r.instance);
      const after = change(pool, entries);
      return instances.withContent(state, r.instance, after.pool, after.bib);
    },
    r.lockTimeoutMs,
  );
}

/** The addresses of the empty-pool4 fallback: JOOL_HOST_ADDRESSES, else this host's (looked up only when asked). */
function hostAddresses(r: Common): readonly number[] {
  return r.hostAddresses ?? interfaceAddresses();
}

/** What BIB entries must sit in: the pool, or the host's addresses when it is empty. */
function pool4View(pool: pool4.Pool, r: Common): bib.Pool4View {
  return { pool, hostAddresses: pool.tables.length > 0 ? [] : hostAddresses(r) };
}

/** Prints the BIB; with names, once the resolver has answered (or the deadline passed). */
export function bibDisplay(r: BibDisplayRequest, out: Sink, resolver: () => Resolver, warn: (line: string) => void): number | Promise<number> {
  const entries = instances.bibOf(read(r.state), r.instance);
  const write = (names: Names | undefined) => {
    if (r.dialect === 'jool3') writeBibJool3(entries, r.protocols, r.csv, names, out);
    else writeBibJool4(entries, r.protocols[0], r.csv, r.headers, names, out);
    return OK;
  };
  if (r.numeric || r.protocols.every((p) => bib.countOf(entries, p) === 0)) return write(undefined);
  const addresses = r.protocols.flatMap((p) => entries[p].map((e) => e.address6));
  return resolveNames(addresses, resolver()).then(({ names, warning }) => {
    if (warning !== undefined) warn(warning);
    return write(names);
  });
}

export function bibCount(r: BibCountRequest, out: Sink): number {
  const entries = instances.bibOf(read(r.state), r.instance);
  out.write(formatTableCounts(r.protocols.map((p) => [p, bib.countOf(entries, p)])));
  return OK;
}

/** Into every protocol named, or none: Jool 3 would add to the protocols that accept it. */
export function bibAdd(r: BibAddRequest, out: Sink): number {
  const entry = bib.entryOf(r.taddr4, r.taddr6);
  const rules = { identicalIsOk: r.dialect === 'jool4' };
  onContent(r, (pool, entries) => {
    const view = pool4View(pool, r);
    let after = entries;
    for (const protocol of r.protocols) after = bib.add(after, protocol, entry, view, rules);
    return { pool, bib: after };
  });
  if (r.dialect === 'jool3') out.write(r.protocols.map((p) => `${p}:\nThe BIB entry was added successfully.\n`).join(''));
  return OK;
}

/**
 * Jool 3 removes the entry from each protocol that has it; the others print their heading alone
 * (Jool's error for them goes to stderr). Refused when none has it, or one binds it to another address.
 */
export function bibRemove(r: BibRemoveRequest, out: Sink): number {
  let removed: Protocol[] = [];
  onContent(r, (pool, entries) => {
    removed = [];
    let after = entries;
    for (const protocol of r.protocols) {
      try {
        after = bib.remove(after, protocol, r.taddr4, r.taddr6);
        removed.push(protocol);
      } catch (e) {
        if (!(e instanceof bib.BibError) || e.refusal.kind !== 'not-found') throw e;
      }
    }
    if (removed.length === 0) throw new bib.BibError({ kind: 'not-found', protocols: r.protocols, taddr4: r.taddr4, taddr6: r.taddr6 });
    return { pool, bib: after };
  });
  if (r.dialect === 'jool3') out.write(r.protocols.map((p) => `${p}:\n${removed.includes(p) ? 'The BIB entry was removed successfully.\n' : ''}`).join(''));
  return OK;
}

/** There is never traffic here, so the session tables are always empty. */
export function sessionDisplay(r: SessionDisplayRequest, out: Sink): number {
  out.write(r.dialect === 'jool3' ? formatSessionsJool3(r.protocols, r.csv) : formatSessionsJool4(r.csv, r.headers));
  return OK;
}

export function sessionCount(r: SessionCountRequest, out: Sink): number {
  out.write(formatTableCounts(r.protocols.map((p) => [p, 0])));
  return OK;
}

/** Like diff: the report goes to stdout, and the status says whether anything overlaps. */
export function check(r: CheckRequest, out: Sink, rangeFile = EPHEMERAL_RANGE_FILE): number {
  return asDiff(() => checkOverlaps(r, out, rangeFile));
}

function checkOverlaps(r: CheckRequest, out: Sink, rangeFile: string): number {
  const ephemeral = r.ephemeral ?? hostEphemeralRange(rangeFile);
  const { pool, bib: entries } = instances.contentOf(read(r.state), r.instance);
  const found = overlaps(pool, ephemeral);
  const from = r.ephemeral === undefined ? rangeFile : '--ephemeral-range';
  out.write(formatCheck(found, ephemeral, from, found.length === 0 ? undefined : freeEphemeralRange(pool, ephemeral)));
  const lost = bib.isEmpty(entries) ? [] : bib.orphans(entries, pool4View(pool, r));
  out.write(formatOrphans(lost));
  return found.length === 0 && lost.length === 0 ? OK : 1;
}

export function importFile(r: ImportRequest): number {
  const source = r.source === '-' ? 'standard input' : r.source;
  const text = readSource(r.source).toString('utf8');
  try {
    const imported = parseImport(text);
    onContent(r, (pool, entries) => applyImport({ pool, bib: entries }, imported, r.replace, () => hostAddresses(r)));
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
  const desired = asFileProblem(source, () => desiredInstance(readSource(r.source), source, r.instance, () => hostAddresses(r)));
  const state = read(r.state);
  const current = instances.contentOf(state, r.instance);
  const ephemeral = r.syntax === 'jool4' ? (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile)) : undefined;
  const entries = planBib(current.bib, desired.bib, pool4View(desired.pool, r));
  const steps = planSteps(current.pool, desired.pool, { syntax: r.syntax, ephemeral }).map((s) => (needsQuick(s, entries.kept, r.syntax) ? { ...s, quick: true } : s));
  // Only a target that says what its globals are (a state file, a configuration with "global") plans them.
  const globals = desired.globals === undefined ? [] : planGlobals(instances.settingsOf(state, r.instance), instances.instanceOf(state, r.instance)?.pool6, desired.globals.settings, desired.globals.pool6);
  if (steps.length + entries.removes.length + entries.adds.length + globals.length === 0) return OK;
  out.write(formatPlan(steps, entries, globals, r.syntax, r.instance, source));
  return 1;
}

/** What a plan aims at: what `--import --replace` of the file gives (and its globals), or the instance in a state file. */
function desiredInstance(bytes: Buffer, source: string, instance: string, hostAddresses: () => readonly number[]): instances.Content & { globals?: ConfigGlobals } {
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
    return { ...found, globals: { pool6: found.pool6, settings: found.globals ?? NO_SETTINGS } };
  }
  try {
    const imported = parseImport(bytes.toString('utf8'));
    return { ...applyImport(instances.EMPTY_CONTENT, imported, true, hostAddresses), globals: imported.globals };
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
  out.write(instances.instanceOf(read(r.state), r.name) === undefined ? `Dead\n(Instance '${r.name}' does not exist.)\n` : 'Running\n');
  return OK;
}

/** An instance nobody added shows the defaults, pool6 unset (SPEC 10). */
export function globalDisplay(r: GlobalDisplayRequest, out: Sink): number {
  const instance = instances.instanceOf(read(r.state), r.instance);
  out.write(formatGlobals(globalValues(instance?.globals ?? NO_SETTINGS, instance?.pool6), r.csv, r.headers));
  return OK;
}

/**
 * One global, under the kernel's rules; then, as Jool validates the whole instance it replaces,
 * every BIB entry must sit in pool4 (bib-facts 6). pool6 only passes unchanged.
 */
export function globalUpdate(r: GlobalUpdateRequest): number {
  const meta = globalNamed(r.key)!;
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
      const lost = bib.isEmpty(entries) ? [] : bib.orphans(entries, pool4View(pool, r));
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
  out.write(formatStats(statValues(bib.size(entries)), r));
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

/** `file handle`: the instance becomes what the file says, or nothing changes and every problem is named. */
export function fileHandle(r: FileHandleRequest, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  const found = fileConfiguration(r, ephemeralFile);
  if (found.problems.length === 1) throw found.problems[0];
  if (found.problems.length > 1) throw new FileProblems(r.file, found.problems, false);
  const { config, pool, entries } = found.ready!;
  update(r.state, (state) => instances.configure(state, config.instance!, config.framework!, config.pool6!, pool, entries, config.settings), r.lockTimeoutMs);
  return OK;
}

/**
 * `file check` (this program's, not Jool's): what file handle would say here, and change nothing.
 * Every problem is named, the state's refusals (framework, pool6, Netfilter) included.
 */
export function fileCheck(r: FileHandleRequest, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  let found: Configuration;
  try {
    found = fileConfiguration(r, ephemeralFile);
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    found = { problems: [e] };
  }
  const problems = [...found.problems];
  if (found.ready !== undefined) {
    const { config, pool, entries } = found.ready;
    try {
      instances.configure(read(r.state), config.instance!, config.framework!, config.pool6!, pool, entries, config.settings);
    } catch (e) {
      if (!(e instanceof instances.InstanceError)) throw e;
      problems.push(new FileError(r.file, e.refusal.kind === 'pool6-change' ? 'global.pool6' : 'framework', e.refusal));
    }
  }
  if (problems.length > 0) throw new FileProblems(r.file, problems, true);
  return OK;
}

interface Configuration {
  /** Every problem of the file itself, in the file's order. */
  readonly problems: readonly FileError[];
  /** What file handle applies, when the file reads whole: set whenever problems is empty. */
  readonly ready?: { readonly config: AtomicConfig; readonly pool: pool4.Pool; readonly entries: bib.Bib };
}

/** Everything file handle checks short of the state: the file read, its pool4 and BIB built under add's rules. */
function fileConfiguration(r: FileHandleRequest, ephemeralFile: string): Configuration {
  const config = readAtomicConfig(readConfigText(r.file), r.force);
  const problems = config.problems.map((p) => new FileError(r.file, p.where, p.problem));
  if (r.instance !== undefined && config.instance !== undefined && r.instance !== config.instance) {
    problems.push(new FileError(r.file, 'instance', `is '${config.instance}', but the command line names the instance '${r.instance}'; give one`));
  }
  const ephemeral: PortRange | undefined = r.force ? undefined : (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile));
  const pool = configPool(r.file, config.pool4, { limitPrefix: false, refuseReserved: false, ephemeral }, problems);
  // A BIB is only judged against the whole pool4 it is to sit in, not one with entries left out.
  const pool4Whole = pool !== undefined && problems.every((p) => !p.where.startsWith('pool4'));
  const entries = pool4Whole ? configBib(r.file, config.bib, pool4View(pool, r), problems) : undefined;
  if (problems.length > 0 || pool === undefined || entries === undefined) return { problems };
  return { problems, ready: { config, pool, entries } };
}

/** A file's pool4, built as add builds it; each refused entry is a problem, and a pool that exceeds a table's capacity is one more. */
function configPool(file: string, list: readonly ConfigEntry[], rules: pool4.AddRules, problems: FileError[]): pool4.Pool | undefined {
  try {
    return pool4.addAll(pool4.EMPTY_POOL, list.map((e) => e.entry), rules);
  } catch (e) {
    if (!(e instanceof pool4.PoolRefusal)) throw e;
  }
  const admitted = list.filter((e) => {
    try {
      pool4.addAll(pool4.EMPTY_POOL, [e.entry], rules);
      return true;
    } catch (refused) {
      if (!(refused instanceof pool4.PoolRefusal)) throw refused;
      problems.push(new FileError(file, e.where, refused.refusal));
      return false;
    }
  });
  try {
    return pool4.addAll(pool4.EMPTY_POOL, admitted.map((e) => e.entry), rules);
  } catch (e) {
    if (!(e instanceof pool4.PoolRefusal)) throw e;
    problems.push(new FileError(file, 'pool4', e.refusal));
    return undefined;
  }
}

/**
 * A file's BIB, checked as Jool 4.1.15 checks it: no two entries collide, and every one sits in
 * the file's own pool4 (basic_replace_validations(), since 4.1.9). Each refused entry is a problem.
 */
function configBib(file: string, list: readonly ConfigBibEntry[], view: bib.Pool4View, problems: FileError[]): bib.Bib | undefined {
  try {
    return bib.addAll(bib.EMPTY_BIB, list, view);
  } catch (e) {
    if (!(e instanceof bib.BibError) || e.index === undefined) throw e;
  }
  // Entries outside pool4 are each one's own fault; collisions need the entries before them.
  let rest = list.filter((item) => {
    if (bib.inPool4(view, item.protocol, item.entry.address4, item.entry.port4)) return true;
    problems.push(new FileError(file, item.where, fileBibProblem({ kind: 'not-in-pool4', protocol: item.protocol, taddr4: { address: item.entry.address4, port: item.entry.port4 }, emptyPool4: view.pool.tables.length === 0 })));
    return false;
  });
  let built = bib.EMPTY_BIB;
  for (;;) {
    try {
      built = bib.addAll(built, rest, view);
      break;
    } catch (e) {
      if (!(e instanceof bib.BibError) || e.index === undefined) throw e;
      problems.push(new FileError(file, rest[e.index].where, fileBibProblem(e.refusal)));
      built = bib.addAll(built, rest.slice(0, e.index), view);
      rest = rest.slice(e.index + 1);
    }
  }
  return problems.length > 0 ? undefined : built;
}

function fileBibProblem(r: bib.BibRefusal): string {
  if (r.kind === 'not-in-pool4') {
    const taddr = `${formatAddress(r.taddr4.address)}#${r.taddr4.port}`;
    const pool = r.emptyPool4 ? "pool4 is empty, and the host's own addresses with ports 61001-65535 do not include it either" : `no ${r.protocol} entry of the file's "pool4" holds it`;
    return `the ${r.protocol} BIB transport address ${taddr} does not belong to pool4 (${pool}); Jool 4.1.9 and later refuse such a file. Add it to "pool4", or remove the entry`;
  }
  return explainBib(r).split('\n')[0].replace(/\.$/, '');
}
