/**
 * --import: reads what `--display --csv` prints (ours or a real Jool's), or the "pool4" array of a
 * Jool 4 configuration (what `--display --json` prints, or a whole configuration file), into
 * entries. Pure: text in, entries out; the first problem refuses the whole file.
 */
import { CSV_HEADER } from './output/display.js';
import { addAll, EMPTY_POOL, MAX_MARK, PoolRefusal, PROTOCOLS, type Entry, type Pool, type Protocol, type Refusal } from './pool4/pool.js';
import type { PortRange } from './pool4/ports.js';
import { quote } from './quote.js';
import { BadValue, parseMark, parsePortRange, parsePrefix } from './values.js';

export interface ImportEntry {
  readonly entry: Entry;
  /** Where it came from, for messages: "line 3", "pool4[2]". */
  readonly where: string;
}

/** What is wrong with an import file, where, and (once known) which file. */
export class ImportError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string | Refusal,
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
 */
export function applyImport(pool: Pool, entries: readonly ImportEntry[], replace: boolean): Pool {
  try {
    return addAll(replace ? EMPTY_POOL : pool, entries.map((e) => e.entry), true);
  } catch (e) {
    if (!(e instanceof PoolRefusal)) throw e;
    // A capacity refusal is the whole file's doing, not one line's.
    throw new ImportError(e.entry === undefined ? 'the file as a whole' : entries[e.entry].where, e.refusal);
  }
}

/** Jool 4's default when an entry gives no "port range". */
const JOOL4_DEFAULT_PORTS: PortRange = [60001, 65535];

export function parseImport(text: string): ImportEntry[] {
  const start = text.trimStart()[0];
  return start === '[' || start === '{' ? parseJson(text) : parseCsv(text);
}

function parseCsv(text: string): ImportEntry[] {
  const lines = text.split('\n');
  const out: ImportEntry[] = [];
  let header = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '') return;
    const where = `line ${i + 1}`;
    const fields = line.split(',').map((f) => f.trim());
    if (!header) {
      if (fields.join(',').toLowerCase() !== CSV_HEADER.join(',').toLowerCase()) {
        throw new ImportError(where, `expected the header '${CSV_HEADER.join(',')}' (what jool --pool4 --display --csv prints), got ${quote(line)}`);
      }
      header = true;
      return;
    }
    if (fields.length !== 5) throw new ImportError(where, `expected 5 fields (${CSV_HEADER.join(', ')}), got ${fields.length}`);
    const [mark, protocol, address, min, max] = fields;
    const ports = value(where, () => [parsePort(min), parsePort(max)] as const);
    if (ports[0] > ports[1]) throw new ImportError(where, `the min port ${ports[0]} is above the max port ${ports[1]}`);
    out.push({
      where,
      entry: {
        mark: value(where, () => parseMark(mark)),
        protocols: [parseProtocol(where, protocol)],
        prefix: value(where, () => parsePrefix(address)),
        ports,
      },
    });
  });
  if (!header) throw new ImportError('line 1', `the file is empty; expected the header '${CSV_HEADER.join(',')}'`);
  return out;
}

function parsePort(text: string): number {
  const [min, max] = parsePortRange(text);
  if (min !== max) throw new BadValue(`${quote(text)} is not a port: expected a decimal number from 0 to 65535.`);
  return min;
}

const JSON_KEYS = ['mark', 'protocol', 'prefix', 'port range', 'max iterations'];

function parseJson(text: string): ImportEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportError('JSON', `not valid JSON (${(e as Error).message})`);
  }
  let list: unknown = doc;
  if (!Array.isArray(doc)) {
    list = (doc as Record<string, unknown>).pool4;
    if (!Array.isArray(list)) throw new ImportError('JSON', 'expected a "pool4" array, or an object (a Jool 4 configuration) with one');
  }
  return (list as unknown[]).map((item, i) => {
    const where = `pool4[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ImportError(where, 'is not an object');
    const e = item as Record<string, unknown>;
    const unknown = Object.keys(e).find((k) => !JSON_KEYS.includes(k));
    if (unknown !== undefined) throw new ImportError(where, `unknown key ${quote(unknown)}; an entry has ${JSON_KEYS.map((k) => `"${k}"`).join(', ')}`);
    const mark = e.mark ?? 0;
    if (typeof mark !== 'number' || !Number.isInteger(mark) || mark < 0 || mark > MAX_MARK) {
      throw new ImportError(where, `"mark" is not a whole number from 0 to ${MAX_MARK}`);
    }
    if (typeof e.prefix !== 'string') throw new ImportError(where, '"prefix" is missing or not a string');
    const range = e['port range'];
    if (range !== undefined && typeof range !== 'string' && typeof range !== 'number') {
      throw new ImportError(where, '"port range" is not a string such as "60001-65535"');
    }
    const prefix = e.prefix;
    return {
      where,
      entry: {
        mark,
        protocols: [parseProtocol(where, e.protocol)],
        prefix: value(where, () => parsePrefix(prefix)),
        ports: range === undefined ? JOOL4_DEFAULT_PORTS : value(where, () => parsePortRange(String(range))),
      },
    };
  });
}

function parseProtocol(where: string, value: unknown): Protocol {
  const p = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!PROTOCOLS.includes(p as Protocol)) {
    const got = typeof value === 'string' ? `the protocol ${quote(value)} is unknown` : 'the protocol is missing';
    throw new ImportError(where, `${got}; expected TCP, UDP or ICMP`);
  }
  return p as Protocol;
}

/** Runs a value parser, turning its complaint into one about this line or entry. */
function value<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof BadValue) throw new ImportError(where, e.message.replace(/\.$/, ''));
    throw e;
  }
}
