/**
 * --import: reads what `--display --csv` prints (ours, Jool 3's, or Jool 4's seven columns), or the
 * "pool4" and "bib" arrays of a Jool 4 configuration (what `--display --json` prints, a whole
 * configuration file, or a bare pool4 array), into entries. Pure: text in, entries out; the first
 * problem refuses the whole file.
 */
import type { Jool4Release } from '../releases/releases.js';
import { ConfigError, readBib, readGlobals, readJsonText, readPool4, readProtocol, type ConfigBibEntry } from './atomic-config.js';
import type { ConfigGlobals } from '../global/globals.js';
import { addAll as addAllBib, BibError, EMPTY_BIB, type BibRefusal, type Pool4View } from '../bib/bib.js';
import type { Content } from '../instance/instances.js';
import { JsonObject, kindOf, type JsonValue } from './json.js';
import { CSV_HEADER, JOOL4_CSV_HEADER } from './csv-headers.js';
import { addAll, EMPTY_POOL, MAX_ITERATIONS, PoolRefusal, type Entry, type MaxIterations, type Pool, type Refusal } from '../pool4/pool.js';
import { quote } from '../quote.js';
import { BadValue, parseMark, parsePortRange, parsePrefix } from './values.js';
import type { ConfigEntry } from './atomic-config.js';

export type ImportEntry = ConfigEntry;

/** What a file holds: pool4 entries, and static BIB entries and globals (JSON only). */
export interface Imported {
  readonly pool4: readonly ImportEntry[];
  readonly bib: readonly ConfigBibEntry[];
  /** A configuration's `global`, which --plan plans for and --import leaves alone. */
  readonly globals?: ConfigGlobals;
}

/** The header of Jool 4's `pool4 display --csv`. */

/** What is wrong with an import file, where, and (once known) which file. */
export class ImportError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string | Refusal | BibRefusal,
    readonly source?: string,
  ) {
    super(`${where}: ${typeof problem === 'string' ? problem : problem.kind}`);
  }

  in(source: string): ImportError {
    return new ImportError(this.where, this.problem, source);
  }
}

/**
 * Adds every entry to the pool, or replaces the pool with them, under add's rules except the
 * --force guard: a file is deliberate, and what --display --json aggregates into a /16 must import.
 * BIB entries then join the BIB (or replace it), each inside the new pool4, identical repeats
 * accepted; hostAddresses gives the empty-pool4 fallback's addresses, asked for only when needed.
 */
export function applyImport(content: Content, imported: Imported, replace: boolean, hostAddresses: () => readonly number[] = () => []): Content {
  const { pool4, bib } = imported;
  let pool: Pool;
  try {
    pool = addAll(
      replace ? EMPTY_POOL : content.pool,
      pool4.map((e) => e.entry),
      { limitPrefix: false, refuseReserved: true },
    );
  } catch (e) {
    if (!(e instanceof PoolRefusal)) throw e;
    // A capacity refusal is the whole file's doing, not one line's.
    throw new ImportError(e.entry === undefined ? 'the file as a whole' : pool4[e.entry].where, e.refusal);
  }
  const view: Pool4View = { pool, hostAddresses: pool.tables.length === 0 ? hostAddresses() : [] };
  try {
    return { pool, bib: bib.length === 0 && !replace ? content.bib : addAllBib(replace ? EMPTY_BIB : content.bib, bib, view) };
  } catch (e) {
    if (!(e instanceof BibError) || e.index === undefined) throw e;
    throw new ImportError(bib[e.index].where, e.refusal);
  }
}

export function parseImport(text: string, release: Jool4Release): Imported {
  try {
    const start = text.trimStart()[0];
    return start === '[' || start === '{' ? parseJson(text, release) : { pool4: parseCsv(text), bib: [] };
  } catch (e) {
    // The entries' values are read as a configuration file's are; their complaints name the line or entry.
    if (e instanceof ConfigError) throw new ImportError(e.where === '' ? 'JSON' : e.where, e.problem.replace(/^is not valid JSON: /, 'not valid JSON: '));
    throw e;
  }
}

function parseCsv(text: string): ImportEntry[] {
  const lines = text.split('\n');
  const out: ImportEntry[] = [];
  let header: string[] | undefined;
  // A plain loop, one try per line: an import may hold 100,000 lines.
  for (let i = 0; i < lines.length; i++) {
    const spaced = /\s/.test(lines[i]); // CRLF, blank lines, spaces around fields: rare, and then trimmed
    const line = spaced ? lines[i].trim() : lines[i];
    if (line === '') continue;
    const where = `line ${i + 1}`;
    const fields = line.split(',');
    if (spaced) for (let f = 0; f < fields.length; f++) fields[f] = fields[f].trim();
    if (header === undefined) {
      header = [CSV_HEADER, JOOL4_CSV_HEADER].find((h) => fields.join(',').toLowerCase() === h.join(',').toLowerCase());
      if (header === undefined) {
        throw new ImportError(
          where,
          `expected the header '${CSV_HEADER.join(',')}' (what jool --pool4 --display --csv prints) or '${JOOL4_CSV_HEADER.join(',')}' (jool pool4 display --csv), got ${quote(line)}`,
        );
      }
      continue;
    }
    if (fields.length !== header.length) throw new ImportError(where, `expected ${header.length} fields (${header.join(', ')}), got ${fields.length}`);
    const [mark, protocol, address, min, max, iterations, fixed] = fields;
    let entry: Entry;
    try {
      const ports = [parsePort(min), parsePort(max)] as const;
      if (ports[0] > ports[1]) throw new ImportError(where, `the min port ${ports[0]} is above the max port ${ports[1]}`);
      entry = { mark: parseMark(mark), protocols: [readProtocol(where, protocol)], prefix: parsePrefix(address), ports };
    } catch (e) {
      if (e instanceof BadValue) throw new ImportError(where, e.message.replace(/\.$/, ''));
      throw e;
    }
    if (header.length === JOOL4_CSV_HEADER.length) entry = { ...entry, iterations: csvIterations(where, iterations, fixed) };
    out.push({ where, entry });
  }
  if (header === undefined) throw new ImportError('line 1', `the file is empty; expected the header '${CSV_HEADER.join(',')}'`);
  return out;
}

function parsePort(text: string): number {
  const [min, max] = parsePortRange(text);
  if (min !== max) throw new BadValue(`${quote(text)} is not a port: expected a decimal number from 0 to 65535.`);
  return min;
}

/** Jool 4's Iterations and Iterations fixed columns: an auto table shows its computed value, which is not kept. */
function csvIterations(where: string, iterations: string, fixed: string): MaxIterations {
  if (fixed === '0') return 'auto';
  if (fixed !== '1') throw new ImportError(where, `Iterations fixed ${quote(fixed)} is not 0 or 1`);
  if (iterations === 'infinite') return 'infinity';
  const n = /^[0-9]+$/.test(iterations) ? Number(iterations) : NaN;
  if (!(n >= 1 && n <= MAX_ITERATIONS)) throw new ImportError(where, `Iterations ${quote(iterations)} is not 'infinite' or a whole number from 1 to ${MAX_ITERATIONS}`);
  return n;
}

/** A bare "pool4" array, or an object (a whole Jool 4 configuration) with "pool4" or "bib"; the other keys are not used. */
function parseJson(text: string, release: Jool4Release): Imported {
  const doc = readJsonText(text);
  if (Array.isArray(doc)) return { pool4: readPool4(doc, 'pool4'), bib: [] };
  const member = (key: string) => (doc instanceof JsonObject ? doc.members.find(([k]) => k.toLowerCase() === key) : undefined);
  const pool4 = member('pool4');
  const bib = member('bib');
  const global = member('global');
  if (pool4 === undefined && bib === undefined && global === undefined)
    throw new ConfigError('JSON', 'expected a "pool4" array, or an object (a Jool 4 configuration) with "pool4", "bib" or "global"');
  return {
    pool4: pool4 === undefined ? [] : readPool4(pool4[1], 'pool4'),
    bib: bib === undefined ? [] : readBib(bib[1], 'bib'),
    ...(global === undefined ? {} : { globals: configGlobals(global[1], release) }),
  };
}

/** A configuration's globals, read and checked as file handle reads them (but pool6 may be left out); the first problem refuses the file. */
function configGlobals(v: JsonValue, release: Jool4Release): ConfigGlobals {
  if (!(v instanceof JsonObject)) throw new ConfigError('global', `is ${kindOf(v)}, not an object`);
  const problems: ConfigError[] = [];
  // --force: the u-bit is file handle's question, not a plan's.
  const globals = readGlobals(v, true, problems, false, release);
  if (problems.length > 0) throw problems[0];
  return globals;
}
