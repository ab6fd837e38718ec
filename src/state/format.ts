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
import { EMPTY, MAX_PORT, samePorts, size, type PortRange, type PortSet } from '../pool4/ports.js';
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

// The pieces of the layout encode() writes and readOwnLayout() reads.
const HEAD = `{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "tables": [`;
const EMPTY_TAIL = ']\n}\n';
const TABLE_OPEN = '\n    {\n      "mark": ';
const PROTOCOL_KEY = ',\n      "protocol": "';
const RUNS_KEY = '",\n      "runs": [';
const RUN_OPEN = '\n        "';
const RUN_NEXT = `,${RUN_OPEN}`;
const TABLE_CLOSE = '\n      ]\n    }';
const TAIL = '\n  ]\n}\n';
const RUN_OPEN_BYTES = Buffer.from(RUN_OPEN);
const RUN_NEXT_BYTES = Buffer.from(RUN_NEXT);
const QUOTE_BYTES = Buffer.from('"');

/** The file's content is not a valid pool; the message says where and what. */
export class StateFormatError extends Error {}

export function serialize(pool: Pool): string {
  return encode(pool).toString('latin1');
}

/**
 * The file's bytes. Written byte by byte into one buffer rather than as a string per run: a table
 * may hold hundreds of thousands of runs, and this allocates nothing per run.
 */
export function encode(pool: Pool, previous?: Pool): Buffer {
  const parts: Buffer[] = [Buffer.from(HEAD)];
  pool.tables.forEach((t, n) => {
    parts.push(Buffer.from(`${n === 0 ? '' : ','}${TABLE_OPEN}${t.mark}${PROTOCOL_KEY}${t.protocol}${RUNS_KEY}`));
    const before = previous?.tables.find((b) => b.mark === t.mark && b.protocol === t.protocol)?.runs;
    encodeRuns(t.runs, before, parts);
    parts.push(Buffer.from(TABLE_CLOSE));
  });
  parts.push(Buffer.from(pool.tables.length === 0 ? EMPTY_TAIL : TAIL));
  return Buffer.concat(parts);
}

/**
 * The runs' lines: `\n        "<first>[-<last>] <ports>"`, separated by commas. The runs that a
 * change left as they were in the file read (before) are copied from its bytes rather than written
 * again: an add to a table of 100,000 runs rewrites a few.
 */
function encodeRuns(runs: Runs, before: Runs | undefined, parts: Buffer[]): void {
  const source = before === undefined ? undefined : sources.get(before);
  if (source !== undefined && runs === before) {
    parts.push(RUN_OPEN_BYTES, source.bytes.subarray(source.start, source.end), QUOTE_BYTES); // a table the change did not touch
    return;
  }
  let head = 0; // runs[0, head) are before's first runs, written bytes[source.start, headEnd)
  let tail = 0; // the last tail runs are before's, written bytes[tailStart, source.end)
  let headEnd = 0;
  let tailStart = 0;
  if (before !== undefined && source !== undefined) {
    const lengths = new Map<PortSet, number>();
    const n = Math.min(runs.length, before.length);
    headEnd = source.start - RUN_GAP;
    while (head < n && sameRun(runs, head, before, head)) headEnd += RUN_GAP + textLength(before, head++, lengths);
    tailStart = source.end + RUN_GAP;
    while (tail < n - head && sameRun(runs, runs.length - 1 - tail, before, before.length - 1 - tail)) {
      tailStart -= RUN_GAP + textLength(before, before.length - 1 - tail++, lengths);
    }
  }
  if (head > 0) parts.push(RUN_OPEN_BYTES, source!.bytes.subarray(source!.start, headEnd), QUOTE_BYTES);
  if (head + tail < runs.length) parts.push(formatRuns(runs, head, runs.length - tail));
  if (tail > 0) parts.push(head + tail < runs.length || head > 0 ? RUN_NEXT_BYTES : RUN_OPEN_BYTES, source!.bytes.subarray(tailStart, source!.end), QUOTE_BYTES);
}

/** From the end of one run's text to the start of the next one's: its closing quote, then RUN_NEXT. */
const RUN_GAP = 1 + RUN_NEXT.length;

/** The length of run i's text as encode() writes it; lengths caches the port sets'. */
function textLength(runs: Runs, i: number, lengths: Map<PortSet, number>): number {
  let ports = lengths.get(runs.ports[i]);
  if (ports === undefined) {
    ports = formatPorts(runs.ports[i]).length;
    lengths.set(runs.ports[i], ports);
  }
  const first = runs.firsts[i];
  const last = runs.lasts[i];
  return addressLength(first) + (last === first ? 0 : 1 + addressLength(last)) + 1 + ports;
}

function addressLength(a: number): number {
  return 3 + octetLength(a >>> 24) + octetLength((a >>> 16) & 255) + octetLength((a >>> 8) & 255) + octetLength(a & 255);
}

function octetLength(n: number): number {
  return n >= 100 ? 3 : n >= 10 ? 2 : 1;
}

function sameRun(a: Runs, i: number, b: Runs, j: number): boolean {
  return a.firsts[i] === b.firsts[j] && a.lasts[i] === b.lasts[j] && samePorts(a.ports[i], b.ports[j]);
}

/** Runs [from, to) written out, each with its separator (the first one's as if it followed runs before it, if any). */
function formatRuns(runs: Runs, from: number, to: number): Buffer {
  const { firsts, lasts, ports } = runs;
  const texts = new Map<PortSet, Buffer>();
  let longest = 0;
  for (let i = from; i < to; i++) {
    if (texts.has(ports[i])) continue;
    const text = Buffer.from(formatPorts(ports[i]), 'latin1');
    texts.set(ports[i], text);
    longest = Math.max(longest, text.length);
  }
  // Per run at most: ',\n' + 8 spaces + '"' + two addresses and '-' + ' ' + ports + '"'.
  const out = Buffer.allocUnsafe((to - from) * (11 + 31 + 1 + longest + 1));
  let p = 0;
  for (let i = from; i < to; i++) {
    // RUN_NEXT (RUN_OPEN for the very first run), byte by byte: this loop runs once per run.
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

function formatPorts(set: PortSet): string {
  return set.map((r) => `${r[0]}-${r[1]}`).join(',');
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

/**
 * Reads a state file. With the file's bytes, the runs of tables read in jool's own layout remember
 * where they stand in them, for encode() to copy what a change leaves as it was.
 */
export function parse(text: string, bytes?: Buffer): Pool {
  return readOwnLayout(text, bytes) ?? readJson(text);
}

/**
 * Where a table's runs stand in the bytes they were read from: the first run's text starts at
 * start, the last one's ends at end. Every run in between is written as encode() writes it, so
 * where each one stands follows from the runs themselves (textLength()).
 */
interface Source {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

/** Only for tables whose every run was read exactly as encode() writes it, one to one. */
const sources = new WeakMap<Runs, Source>();

/**
 * Reads a file laid out exactly as encode() writes it, which is every file jool wrote: the runs are
 * read in place from the text, without JSON.parse making a string of each (a table may hold
 * hundreds of thousands). Anything else, or anything wrong, is left to readJson(), which accepts
 * any layout and names what is wrong.
 */
function readOwnLayout(text: string, bytes: Buffer | undefined): Pool | undefined {
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
    const runsStart = p + RUN_OPEN.length;
    for (let separator = RUN_OPEN; text.startsWith(separator, p); separator = RUN_NEXT) {
      p += separator.length;
      const end = text.indexOf('"', p);
      // parseRun accepts only digits, dots, dashes, commas and one space: no escapes, no quotes.
      if (end < 0 || reader.read(text, p, end) !== undefined) return undefined;
      p = end + 1;
    }
    const runsEnd = p - 1; // the last run's closing quote
    if (!text.startsWith(TABLE_CLOSE, p)) return undefined;
    p += TABLE_CLOSE.length;
    const table = { mark: Number(markText), protocol, runs: reader.done() };
    // Offsets in the text are offsets in the bytes: everything up to here was ASCII.
    if (bytes !== undefined && reader.canonical) sources.set(table.runs, { bytes, start: runsStart, end: runsEnd });
    const prev = tables[tables.length - 1];
    if (table.runs.length === 0 || (prev !== undefined && compareTables(prev, table) >= 0)) return undefined;
    if (table.runs.transportAddresses() > MAX_TABLE_TRANSPORT_ADDRESSES) return undefined;
    tables.push(table);
    if (text.startsWith(TAIL, p)) return p + TAIL.length === text.length ? { tables } : undefined;
  }
}

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
  private readonly portSets = new Map<string, KnownPorts>();
  private readonly run: ParsedRun = { first: 0, last: 0, ranged: false, known: NO_PORTS, portsText: '', otherKnown: NO_PORTS, otherText: '' };
  private total = 0; // transport addresses, counted here rather than in another pass over the runs
  private lastAddress = -1;
  /** Whether every run was written as encode() writes it, one line per run. */
  canonical = true;

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
    const { ports, size, canonical } = run.known;
    if (ports[0][0] < this.lowest) return `: ${this.protocol} has no port 0`;
    if (this.lastAddress >= run.first) return 'overlaps or comes before the run above it: runs are sorted by address and disjoint';
    this.lastAddress = run.last;
    // A hand-edited file may split what could be one run: push() merges it back.
    const count = this.runs.length;
    this.runs.push(run.first, run.last, ports);
    this.total += (run.last - run.first + 1) * size;
    if (this.runs.length === count || run.ranged !== (run.first !== run.last) || !canonical) this.canonical = false;
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

/** A port set read from the file, once per distinct text. */
interface KnownPorts {
  readonly ports: PortSet;
  readonly size: number;
  /** Whether the text is the one encode() writes for these ports. */
  readonly canonical: boolean;
}

const NO_PORTS: KnownPorts = { ports: EMPTY, size: 0, canonical: true };

/** parseRun's result; one object, reused for every run, so that reading a run allocates nothing. */
interface ParsedRun {
  first: number;
  last: number;
  /** Whether the addresses were written as "first-last". */
  ranged: boolean;
  known: KnownPorts;
  /**
   * The text of the ports, and the ports and text of the run before that held others: to
   * recognise the next run holding either (neighbours often alternate) without cutting it out.
   */
  portsText: string;
  otherKnown: KnownPorts;
  otherText: string;
}

/**
 * Reads the run text[start, n) into out; returns what is wrong with it, if anything. One pass over the characters
 * for the addresses, and the port ranges compared in place with the previous run's: this runs once
 * per run of the file, cold, so it avoids calls, slices and regexes.
 */
function parseRun(text: string, start: number, n: number, portSets: Map<string, KnownPorts>, out: ParsedRun): string | undefined {
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
  out.ranged = first >= 0;
  if (first < 0) first = address;
  if (first > address) return 'the first address is above the last';
  out.first = first;
  out.last = address;
  // Neighbouring runs often hold the same ports: compare in place before cutting the text out.
  if (holds(text, i + 1, n, out.portsText)) return undefined;
  const previousKnown = out.known;
  const previousText = out.portsText;
  if (holds(text, i + 1, n, out.otherText)) {
    out.known = out.otherKnown;
    out.portsText = out.otherText;
  } else {
    const portsText = text.slice(i + 1, n);
    let known = portSets.get(portsText);
    if (known === undefined) {
      const parsed = parsePorts(portsText);
      if (typeof parsed === 'string') return parsed;
      known = { ports: parsed, size: size(parsed), canonical: formatPorts(parsed) === portsText };
      portSets.set(portsText, known);
    }
    out.known = known;
    out.portsText = portsText;
  }
  out.otherKnown = previousKnown;
  out.otherText = previousText;
  return undefined;
}

/** Whether text[start, end) is known (a non-empty text), compared in place. */
function holds(text: string, start: number, end: number, known: string): boolean {
  if (known === '' || end - start !== known.length) return false;
  for (let k = 0; k < known.length; k++) if (text.charCodeAt(start + k) !== known.charCodeAt(k)) return false;
  return true;
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

