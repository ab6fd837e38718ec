/**
 * The state file's format, version 1: text <-> Pool, with full validation.
 *
 *   {
 *     "format": "jool-pool4-state",
 *     "version": 1,
 *     "tables": [
 *       { "mark": 0, "protocol": "TCP", "runs": [
 *         "192.0.2.1 60001-65535",
 *         "192.0.2.4-192.0.2.5 7000-7999,60001-65535"
 *       ] }
 *     ]
 *   }
 *
 * A run is "<first address>[-<last address>] <min>-<max>[,<min>-<max>...]": every address from
 * first to last holds those port ranges. Runs keep the file small (a /16 is one line) and readable.
 */
import { EMPTY, MAX_PORT, size, type PortRange, type PortSet } from '../pool4/ports.js';
import {
  compareTables,
  MAX_MARK,
  MAX_TABLE_TRANSPORT_ADDRESSES,
  PROTOCOLS,
  type Pool,
  type Protocol,
  type Table,
} from '../pool4/pool.js';
import { RunsBuilder, type Runs } from '../pool4/table.js';
import { printable, quote } from '../quote.js';

export const FORMAT = 'jool-pool4-state';
export const VERSION = 1;

/** The file's content is not a valid pool; the message says where and what. */
export class StateFormatError extends Error {}

export function serialize(pool: Pool): string {
  return encode(pool).toString('latin1');
}

/**
 * The file's bytes. Written byte by byte into one buffer rather than as a string per run: a table
 * may hold hundreds of thousands of runs, and this allocates nothing per run.
 */
export function encode(pool: Pool): Buffer {
  const parts: Buffer[] = [Buffer.from(`{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "tables": [`)];
  pool.tables.forEach((t, n) => {
    parts.push(Buffer.from(`${n === 0 ? '' : ','}\n    {\n      "mark": ${t.mark},\n      "protocol": "${t.protocol}",\n      "runs": [`));
    parts.push(encodeRuns(t.runs));
    parts.push(Buffer.from('\n      ]\n    }'));
  });
  parts.push(Buffer.from(pool.tables.length === 0 ? ']\n}\n' : '\n  ]\n}\n'));
  return Buffer.concat(parts);
}

/** The runs' lines: `\n        "<first>[-<last>] <ports>"`, separated by commas. */
function encodeRuns(runs: Runs): Buffer {
  const { firsts, lasts, ports } = runs;
  const texts = new Map<PortSet, Buffer>();
  let longest = 0;
  for (let i = 0; i < runs.length; i++) {
    if (texts.has(ports[i])) continue;
    const text = Buffer.from(ports[i].map((r) => `${r[0]}-${r[1]}`).join(','), 'latin1');
    texts.set(ports[i], text);
    longest = Math.max(longest, text.length);
  }
  // Per run at most: ',\n' + 8 spaces + '"' + two addresses and '-' + ' ' + ports + '"'.
  const out = Buffer.allocUnsafe(runs.length * (11 + 31 + 1 + longest + 1));
  let p = 0;
  for (let i = 0; i < runs.length; i++) {
    if (i > 0) out[p++] = 0x2c; // ,
    out[p++] = 0x0a;
    for (let k = 0; k < 8; k++) out[p++] = 0x20;
    out[p++] = 0x22; // "
    p = putAddress(out, p, firsts[i]);
    if (lasts[i] !== firsts[i]) {
      out[p++] = 0x2d; // -
      p = putAddress(out, p, lasts[i]);
    }
    out[p++] = 0x20;
    const text = texts.get(ports[i])!;
    for (let k = 0; k < text.length; k++) out[p++] = text[k];
    out[p++] = 0x22;
  }
  return out.subarray(0, p);
}

function putAddress(out: Buffer, p: number, a: number): number {
  p = putOctet(out, p, a >>> 24);
  out[p++] = 0x2e;
  p = putOctet(out, p, (a >>> 16) & 255);
  out[p++] = 0x2e;
  p = putOctet(out, p, (a >>> 8) & 255);
  out[p++] = 0x2e;
  return putOctet(out, p, a & 255);
}

function putOctet(out: Buffer, p: number, n: number): number {
  if (n >= 100) out[p++] = 0x30 + ((n / 100) | 0);
  if (n >= 10) out[p++] = 0x30 + (((n / 10) | 0) % 10);
  out[p++] = 0x30 + (n % 10);
  return p;
}

export function parse(text: string): Pool {
  return readOwnLayout(text) ?? readJson(text);
}

/**
 * Reads a file laid out exactly as encode() writes it, which is every file jool wrote: the runs are
 * read in place from the text, without JSON.parse making a string of each (a table may hold
 * hundreds of thousands). Anything else, or anything wrong, is left to readJson(), which accepts
 * any layout and names what is wrong.
 */
function readOwnLayout(text: string): Pool | undefined {
  if (!text.startsWith(HEAD)) return undefined;
  let p = HEAD.length;
  const tables: Table[] = [];
  if (text.startsWith(EMPTY_TAIL, p)) return p + EMPTY_TAIL.length === text.length ? { tables } : undefined;
  for (;;) {
    const open = tables.length === 0 ? TABLE_OPEN : `,${TABLE_OPEN}`;
    if (!text.startsWith(open, p)) return undefined;
    p += open.length;
    const comma = text.indexOf(',', p);
    const markText = text.slice(p, comma);
    if (!/^(0|[1-9][0-9]{0,9})$/.test(markText) || Number(markText) > MAX_MARK) return undefined;
    p = comma;
    if (!text.startsWith(PROTOCOL_KEY, p)) return undefined;
    p += PROTOCOL_KEY.length;
    const protocol = PROTOCOLS.find((x) => text.startsWith(`${x}${RUNS_KEY}`, p));
    if (protocol === undefined) return undefined;
    p += protocol.length + RUNS_KEY.length;
    const reader = new RunReader(protocol, 1024);
    for (let separator = RUN_OPEN; text.startsWith(separator, p); separator = RUN_NEXT) {
      p += separator.length;
      const end = text.indexOf('"', p);
      // parseRun accepts only digits, dots, dashes, commas and one space: no escapes, no quotes.
      if (end < 0 || reader.read(text, p, end) !== undefined) return undefined;
      p = end + 1;
    }
    if (!text.startsWith(TABLE_CLOSE, p)) return undefined;
    p += TABLE_CLOSE.length;
    const table = { mark: Number(markText), protocol, runs: reader.done() };
    const prev = tables[tables.length - 1];
    if (table.runs.length === 0 || (prev !== undefined && compareTables(prev, table) >= 0)) return undefined;
    if (table.runs.transportAddresses() > MAX_TABLE_TRANSPORT_ADDRESSES) return undefined;
    tables.push(table);
    if (text.startsWith(TAIL, p)) return p + TAIL.length === text.length ? { tables } : undefined;
  }
}

// The pieces of encode()'s layout.
const HEAD = `{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "tables": [`;
const EMPTY_TAIL = ']\n}\n';
const TABLE_OPEN = '\n    {\n      "mark": ';
const PROTOCOL_KEY = ',\n      "protocol": "';
const RUNS_KEY = '",\n      "runs": [';
const RUN_OPEN = '\n        "';
const RUN_NEXT = `,${RUN_OPEN}`;
const TABLE_CLOSE = '\n      ]\n    }';
const TAIL = '\n  ]\n}\n';

function readJson(text: string): Pool {
  if (text.trim() === '') throw new StateFormatError('the file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateFormatError(`it is not valid JSON (${printable((e as Error).message)})`);
  }
  if (!isObject(doc)) throw new StateFormatError('it is not a JSON object');
  if (doc.format !== FORMAT) throw new StateFormatError(`"format" is not "${FORMAT}": this is not a jool pool4 state file`);
  if (doc.version !== VERSION) {
    if (typeof doc.version === 'number' && Number.isInteger(doc.version) && doc.version > VERSION) {
      throw new StateFormatError(`it has format version ${doc.version}, written by a newer jool; this jool reads version ${VERSION}`);
    }
    throw new StateFormatError(`"version" is ${printable(JSON.stringify(doc.version) ?? 'missing')}; this jool reads version ${VERSION}`);
  }
  if (!Array.isArray(doc.tables)) throw new StateFormatError('"tables" is not an array');

  const tables: Table[] = [];
  let prev: Table | undefined;
  doc.tables.forEach((t: unknown, i: number) => {
    const where = `tables[${i}]`;
    if (!isObject(t)) throw new StateFormatError(`${where} is not an object`);
    const mark = t.mark;
    if (typeof mark !== 'number' || !Number.isInteger(mark) || mark < 0 || mark > MAX_MARK) {
      throw new StateFormatError(`${where}.mark is not a whole number from 0 to ${MAX_MARK}`);
    }
    const protocol = t.protocol as Protocol;
    if (!PROTOCOLS.includes(protocol)) throw new StateFormatError(`${where}.protocol is not one of ${PROTOCOLS.join(', ')}`);
    if (!Array.isArray(t.runs)) throw new StateFormatError(`${where}.runs is not an array`);
    const table = { mark, protocol, runs: parseRuns(t.runs, protocol, where) };
    if (prev !== undefined && compareTables(prev, table) >= 0) {
      throw new StateFormatError(`${where} (mark ${mark}, ${protocol}) is out of order or repeated: tables are sorted by mark, then ICMP, UDP, TCP`);
    }
    if (table.runs.transportAddresses() > MAX_TABLE_TRANSPORT_ADDRESSES) {
      throw new StateFormatError(`${where} holds more than ${MAX_TABLE_TRANSPORT_ADDRESSES} transport addresses`);
    }
    if (table.runs.length > 0) tables.push(table);
    prev = table;
  });
  return { tables };
}

function parseRuns(items: unknown[], protocol: Protocol, where: string): Runs {
  const reader = new RunReader(protocol, items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string') throw runProblem(where, i, item, 'is not a string');
    const wrong = reader.read(item, 0, item.length);
    if (wrong !== undefined) throw runProblem(where, i, item, wrong);
  }
  return reader.done();
}

/** Reads one table's runs, in order, checking each against the rules and the run before it. */
class RunReader {
  private readonly runs: RunsBuilder;
  private readonly lowest: number;
  // Runs that hold the same ports share one PortSet: fewer objects, and encode() formats each once.
  private readonly portSets = new Map<string, PortSet>();
  private readonly run: ParsedRun = { first: 0, last: 0, ports: EMPTY, portsText: '', size: 0 };
  private total = 0; // transport addresses, counted here rather than in another pass over the runs

  constructor(
    private readonly protocol: Protocol,
    capacity: number,
  ) {
    this.runs = new RunsBuilder(capacity);
    this.lowest = protocol === 'ICMP' ? 0 : 1;
  }

  /** Reads the run text[start, end); returns what is wrong with it, if anything. */
  read(text: string, start: number, end: number): string | undefined {
    const run = this.run;
    const wrong = parseRun(text, start, end, this.portSets, run);
    if (wrong !== undefined) return `: ${wrong}`;
    if (run.ports[0][0] < this.lowest) return `: ${this.protocol} has no port 0`;
    if (this.runs.lastAddress >= run.first) return 'overlaps or comes before the run above it: runs are sorted by address and disjoint';
    // A hand-edited file may split what could be one run: push() merges it back.
    this.runs.push(run.first, run.last, run.ports);
    this.total += (run.last - run.first + 1) * run.size;
    return undefined;
  }

  done(): Runs {
    return this.runs.build(this.total);
  }
}

function runProblem(where: string, i: number, item: unknown, what: string): StateFormatError {
  const shown = typeof item === 'string' ? ` ${quote(item)}` : '';
  return new StateFormatError(`${where}.runs[${i}]${shown}${what.startsWith(':') ? '' : ' '}${what}`);
}

/** parseRun's result; one object, reused for every run, so that reading a run allocates nothing. */
interface ParsedRun {
  first: number;
  last: number;
  ports: PortSet;
  /** The text of ports, to recognise the next run holding the same without cutting it out. */
  portsText: string;
  /** The number of ports. */
  size: number;
}

/**
 * Reads the run text[start, n) into out; returns what is wrong with it, if anything. One pass over the characters
 * for the addresses, and the port ranges compared in place with the previous run's: this runs once
 * per run of the file, cold, so it avoids calls, slices and regexes.
 */
function parseRun(text: string, start: number, n: number, portSets: Map<string, PortSet>, out: ParsedRun): string | undefined {
  let i = start;
  let first = -1;
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return BAD_ADDRESSES; // a leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return BAD_ADDRESSES;
      digits++;
    } else if (c === 46 /* . */ && digits > 0 && dots < 3) {
      address = address * 256 + octet;
      octet = digits = 0;
      dots++;
    } else if ((c === 45 /* - */ || c === 32) /* space */ && digits > 0 && dots === 3) {
      address = address * 256 + octet;
      octet = digits = dots = 0;
      if (c === 32) break;
      if (first >= 0) return BAD_ADDRESSES;
      first = address;
      address = 0;
    } else {
      return BAD_ADDRESSES;
    }
  }
  if (i === n) return first < 0 && dots === 3 ? BAD_RUN : BAD_ADDRESSES;
  if (first < 0) first = address;
  if (first > address) return 'the first address is above the last';
  out.first = first;
  out.last = address;
  // Neighbouring runs often hold the same ports: compare in place before cutting the text out.
  const known = out.portsText;
  if (known !== '' && n - i - 1 === known.length) {
    let k = 0;
    while (k < known.length && text.charCodeAt(i + 1 + k) === known.charCodeAt(k)) k++;
    if (k === known.length) return undefined;
  }
  const portsText = text.slice(i + 1, n);
  let ports = portSets.get(portsText);
  if (ports === undefined) {
    const parsed = parsePorts(portsText);
    if (typeof parsed === 'string') return parsed;
    portSets.set(portsText, parsed);
    ports = parsed;
  }
  out.ports = ports;
  out.portsText = portsText;
  out.size = size(ports);
  return undefined;
}

const BAD_RUN = 'expected "<addresses> <port ranges>"';
const BAD_ADDRESSES = 'the addresses are not "a.b.c.d" or "a.b.c.d-e.f.g.h"';

function parsePorts(text: string): PortSet | string {
  const ports: PortRange[] = [];
  for (const part of text.split(',')) {
    const range = parsePortRangeStrict(part);
    if (range === undefined) return `${quote(part)} is not a port range "min-max" within 0-${MAX_PORT}`;
    const prev = ports[ports.length - 1];
    if (prev !== undefined && prev[1] >= range[0]) return 'its port ranges overlap or are out of order';
    if (prev !== undefined && prev[1] + 1 === range[0]) ports[ports.length - 1] = [prev[0], range[1]];
    else ports.push(range);
  }
  return ports;
}

function parsePortRangeStrict(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (m === null) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max > MAX_PORT || min > max) return undefined;
  return [min, max];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

