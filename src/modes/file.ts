/** Jool 4's file mode: `file handle`, and this program's `file check`. */
import { has } from '../releases/releases.js';
import { readAtomicConfig, type AtomicConfig, type ConfigBibEntry, type ConfigEntry } from '../formats/atomic-config.js';
import type { FileHandleRequest } from '../cli/requests.js';
import { explainBib } from '../errors.js';
import { FileError, FileProblems } from '../formats/file-errors.js';
import { EPHEMERAL_RANGE_FILE, ephemeralRangeOrDefault } from '../host/ephemeral.js';
import * as instances from '../instance/instances.js';
import * as pool4 from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';
import { read, update } from '../state/store.js';
import * as bib from '../bib/bib.js';
import { formatAddress } from '../pool4/addresses.js';
import { pool4View } from './instance-content.js';
import { readConfigText } from './sources.js';
import { MAX_VALUEINT } from '../formats/mark-values.js';
import type { Sink } from '../output/sink.js';
import { formatBigMarks } from '../output/marks.js';

const OK = 0;

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
export function fileCheck(r: FileHandleRequest, out: Sink, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
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
  // Not a problem (file handle succeeds), but not what the file says either.
  out.write(formatBigMarks(r.file, found.ready?.bigMarks ?? []));
  return OK;
}

interface Configuration {
  /** Every problem of the file itself, in the file's order. */
  readonly problems: readonly FileError[];
  /** What file handle applies, when the file reads whole: set whenever problems is empty. */
  readonly ready?: { readonly config: AtomicConfig; readonly pool: pool4.Pool; readonly entries: bib.Bib; readonly bigMarks: readonly { where: string; mark: number }[] };
}

/** Everything file handle checks short of the state: the file read, its pool4 and BIB built under add's rules. */
function fileConfiguration(r: FileHandleRequest, ephemeralFile: string): Configuration {
  const config = readAtomicConfig(readConfigText(r.file), r.force, r.release);
  const problems = config.problems.map((p) => new FileError(r.file, p.where, p.problem));
  if (r.instance !== undefined && config.instance !== undefined && r.instance !== config.instance) {
    problems.push(new FileError(r.file, 'instance', `is '${config.instance}', but the command line names the instance '${r.instance}'; give one`));
  }
  const ephemeral: PortRange | undefined = r.force || !has(r.release, 'ephemeral-range-refusal') ? undefined : (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile));
  const pool = configPool(r.file, config.pool4, { limitPrefix: false, refuseReserved: false, ephemeral }, problems);
  // A BIB is only judged against the whole pool4 it is to sit in, not one with entries left out.
  const pool4Whole = pool !== undefined && problems.every((p) => !p.where.startsWith('pool4'));
  // Before 4.1.9 nothing checks a file's BIB against its pool4 (bib_add_static() does not; version-facts 1, B).
  const view = (whole: pool4.Pool) => (has(r.release, 'bib-in-pool4-at-commit') ? pool4View(whole, r) : ANYWHERE);
  const entries = pool4Whole ? configBib(r.file, config.bib, view(pool), problems) : undefined;
  if (problems.length > 0 || pool === undefined || entries === undefined) return { problems };
  // Without its entries, which the pool and the BIB now hold: a file may list 196,608.
  const bigMarks = config.pool4.filter((e) => e.entry.mark > MAX_VALUEINT).map((e) => ({ where: e.where, mark: e.entry.mark }));
  return { problems, ready: { config: { ...config, pool4: [], bib: [] }, pool, entries, bigMarks } };
}

/** A view of pool4 that holds every transport address. */
const ANYWHERE: bib.Pool4View = { pool: pool4.EMPTY_POOL, hostAddresses: [], holdsAll: true };

/** A file's pool4, built as add builds it; each refused entry is a problem, and a pool that exceeds a table's capacity is one more. */
function configPool(file: string, list: readonly ConfigEntry[], rules: pool4.AddRules, problems: FileError[]): pool4.Pool | undefined {
  try {
    return pool4.addAll(
      pool4.EMPTY_POOL,
      list.map((e) => e.entry),
      rules,
    );
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
    return pool4.addAll(
      pool4.EMPTY_POOL,
      admitted.map((e) => e.entry),
      rules,
    );
  } catch (e) {
    if (!(e instanceof pool4.PoolRefusal)) throw e;
    problems.push(new FileError(file, 'pool4', e.refusal));
    return undefined;
  }
}

/**
 * A file's BIB, checked as Jool 4.1.15 checks it: no two entries collide, and every one sits in
 * the file's own pool4 (basic_replace_validations(), since 4.1.9; view holds everything before).
 * Each refused entry is a problem.
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
    problems.push(
      new FileError(
        file,
        item.where,
        fileBibProblem({ kind: 'not-in-pool4', protocol: item.protocol, taddr4: { address: item.entry.address4, port: item.entry.port4 }, emptyPool4: view.pool.tables.length === 0 }),
      ),
    );
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
