/**
 * The fast reader: a file laid out exactly as encode() writes it (layout.ts), which is every file
 * jool wrote. It reads the instances' heads and chunk entries, checks every chunk's CRC, then reads
 * only the lines a command needs: all of them (readWhole), none (readCounts: the entries), the
 * tables a display selects (readSelection, readDescending), or what an add, a remove or a BIB check
 * touches (readFocus). Anything else, or anything wrong, throws StateFormatError and the file goes
 * to read-json.ts, which accepts any layout and names what is wrong.
 *
 * This file is over 300 lines, because one reader serves every way of reading the layout, and
 * they share the binary search over the bytes and the line reader.
 */
import type { Instance, State } from '../instance/instances.js';
import { EMPTY_BIB, type Bib } from '../bib/bib.js';
import { PackedBib } from '../bib/packed.js';
import { compareTables, EMPTY_POOL, PROTOCOLS, type Counts, type MaxIterations, type Pool, type Protocol, type Table } from '../pool4/pool.js';
import { samePorts, type PortSet } from '../pool4/ports.js';
import { wrap } from '../pool4/counter.js';
import { RunsBuilder, Runs } from '../pool4/table.js';
import { chunkCrc, readChunk, tableKey, type Chunk } from './chunks.js';
import { sha1 } from './digest.js';
import * as L from './layout.js';
import { Line, PortTexts, readLine } from './run-lines.js';
import { checkInstanceHead, isObject, StateFormatError } from './validate.js';
import { UNREAD_POOL, type InstanceSource, type Region, type Window, stateSources } from './source.js';

/**
 * What an add, a remove or a BIB check is about: in the instance, the tables of mark (if given) in
 * the protocols, around the addresses first-last; and with others, every other mark's runs over
 * those addresses, which Jool's mark-less tree answers for. The State read holds that instance
 * with only those tables (its pool marked partial), and every other instance unread: it must not
 * be given to anything else than the change it was read for.
 */
export interface Focus {
  readonly instance: string;
  readonly mark?: number;
  readonly protocols: readonly Protocol[];
  readonly first: number;
  readonly last: number;
  /** Whether to read the other marks' runs over the addresses (a remove's holes, a BIB check). */
  readonly others?: boolean;
}

/** The tables a display shows: of one mark, of some protocols, or both. */
export interface Selection {
  readonly instance: string;
  readonly mark?: number;
  readonly protocols?: readonly Protocol[];
}

const NEWLINE = 10;
/** From a line's newline to its text: the indentation and the opening quote. */
const LINE_HEAD = L.LINE_OPEN.length;

/** Whether the bytes at p are the (ASCII) piece's. */
function at(bytes: Buffer, p: number, piece: string): boolean {
  if (p + piece.length > bytes.length) return false;
  for (let k = 0; k < piece.length; k++) if (bytes[p + k] !== piece.charCodeAt(k)) return false;
  return true;
}

function bad(what: string): never {
  throw new StateFormatError(what);
}

/** An instance as laid out in the file, before any of its runs are read. */
interface Laid {
  readonly head: ReturnType<typeof checkInstanceHead>;
  readonly source: InstanceSource;
  readonly region: Region;
  readonly bib: Bib;
}

/** The instances' heads, chunk entries and BIBs, and where everything is; undefined if the file is not in this layout. */
function layOut(bytes: Buffer): Laid[] | undefined {
  if (!at(bytes, 0, L.HEAD)) return undefined;
  let p = L.HEAD.length;
  const laid: Laid[] = [];
  if (at(bytes, p, L.EMPTY_TAIL)) return p + L.EMPTY_TAIL.length === bytes.length ? laid : bad('trailing bytes');
  const names = new Set<string>();
  for (;;) {
    if (laid.length > 0) {
      if (bytes[p] !== 0x2c) bad('expected an instance');
      p++;
    }
    const start = p;
    if (!at(bytes, p, L.INSTANCE_OPEN)) bad('expected an instance');
    p += L.INSTANCE_OPEN.length;
    // The head holds JSON strings, which never hold a raw newline: the chunks key ends it.
    const chunksAt = bytes.indexOf(L.CHUNKS_KEY, p);
    if (chunksAt < 0) bad('no chunks');
    const headText = `{"name": ${bytes.toString('latin1', p, chunksAt).replace(L.FRAMEWORK_KEY, ', "framework": ').replace(L.POOL6_KEY, ', "pool6": ').replace(L.GLOBALS_KEY, ', "globals": ').replace(L.HOLES_KEY, ', "pool4-holes": ')}}`;
    const parsed: unknown = JSON.parse(headText);
    if (!isObject(parsed)) bad('bad head');
    const head = checkInstanceHead(`instances[${laid.length}]`, parsed, names);
    p = chunksAt + L.CHUNKS_KEY.length;
    const chunks: Chunk[] = [];
    if (at(bytes, p, L.EMPTY_LIST_CLOSE)) p += L.EMPTY_LIST_CLOSE.length;
    else {
      for (;;) {
        const open = chunks.length === 0 ? L.LINE_OPEN : L.LINE_NEXT;
        if (!at(bytes, p, open)) bad('bad chunks');
        p += open.length;
        const end = bytes.indexOf(0x22, p);
        const chunk = end < 0 ? undefined : readChunk(bytes.toString('latin1', p, end));
        if (chunk === undefined) bad('bad chunk entry');
        chunks.push(chunk);
        p = end;
        if (at(bytes, p, `"${L.LIST_CLOSE}`)) {
          p += 1 + L.LIST_CLOSE.length;
          break;
        }
      }
    }
    if (!at(bytes, p, L.RUNS_KEY)) bad('no runs');
    p += L.RUNS_KEY.length;
    const anchors: number[] = [];
    let end: number;
    if (chunks.length === 0) {
      if (!at(bytes, p, L.EMPTY_LIST_CLOSE)) bad('runs without chunks');
      end = p;
      p += L.EMPTY_LIST_CLOSE.length;
    } else {
      let q = p; // the newline before the first line
      for (const c of chunks) {
        if (bytes[q] !== NEWLINE) bad('a chunk does not start a line');
        anchors.push(q);
        q += LINE_HEAD + c.bytes + 2; // past its last closing quote and the comma, to the next newline
      }
      end = q - 1; // just after the last closing quote
      if (!at(bytes, end - 1, `"${L.LIST_CLOSE}`)) bad('the chunks do not end where the runs do');
      p = end + L.LIST_CLOSE.length;
    }
    const poolEnd = p;
    if (!at(bytes, p, L.BIB_KEY)) bad('no bib');
    p += L.BIB_KEY.length;
    const bib = readBib(bytes, p);
    p = bib.end;
    const region: Region = { chunks, anchors, end };
    // Every chunk, read or not: a hand edit anywhere is then caught by any command, as when every
    // line was read, for a CRC-32 over the bytes (some 2 ms for 65,536 marks' runs).
    for (let k = 0; k < chunks.length; k++) verify(bytes, region, k);
    laid.push({ head, region, bib: bib.bib, source: { start, end: p, pool: [chunksAt, poolEnd], region } });
    if (at(bytes, p, L.TAIL)) return p + L.TAIL.length === bytes.length ? laid : bad('trailing bytes');
  }
}

/** The whole state. */
export function readWhole(bytes: Buffer): State | undefined {
  const laid = layOut(bytes);
  if (laid === undefined) return undefined;
  const instances = laid.map((l): Instance => {
    const { region } = l;
    const tables = region.chunks.length === 0 ? [] : readTables(bytes, region.anchors[0], region.end, new PortTexts(), true);
    return { ...l.head, pool: { tables: byMark(tables) }, bib: l.bib };
  });
  const state: State = { instances };
  stateSources.set(state, { bytes, instances: new Map(laid.map((l, i) => [instances[i], l.source])) });
  return state;
}

/** One instance's counts, from its chunk entries once every chunk is checked. */
export function readCounts(bytes: Buffer, name: string): Counts | undefined {
  const laid = layOut(bytes);
  if (laid === undefined) return undefined;
  const l = laid.find((x) => x.head.name === name);
  let counts = { tables: 0, samples: 0, transportAddresses: 0 };
  if (l === undefined) return counts;
  for (const c of l.region.chunks) {
    counts = { tables: counts.tables + c.tables, samples: counts.samples + c.samples, transportAddresses: counts.transportAddresses + c.addresses };
  }
  return counts;
}

/** The tables of one instance that a display selects, whole, in the pool's order. */
export function readSelection(bytes: Buffer, selection: Selection): Pool | undefined {
  const laid = layOut(bytes);
  if (laid === undefined) return undefined;
  const l = laid.find((x) => x.head.name === selection.instance);
  if (l === undefined || l.region.chunks.length === 0) return EMPTY_POOL;
  const tables: Table[] = [];
  const known = new PortTexts();
  for (const protocol of selection.protocols ?? PROTOCOLS) {
    const p = PROTOCOLS.indexOf(protocol);
    const [from, to] = selection.mark === undefined ? protocolLines(bytes, l.region, p) : [keyStart(bytes, l.region, p, selection.mark), keyStart(bytes, l.region, p, selection.mark + 1)];
    if (from === to) continue;
    for (const t of readTables(bytes, from, to, known, true)) tables.push(t);
  }
  return { tables: byMark(tables) };
}

/** The state an add, a remove or a BIB check needs (Focus). */
export function readFocus(bytes: Buffer, focus: Focus): State | undefined {
  const laid = layOut(bytes);
  if (laid === undefined) return undefined;
  const sources = new Map<Instance, InstanceSource>();
  const instances = laid.map((l): Instance => {
    if (l.head.name !== focus.instance) {
      // Copied as it is; its pool throws if anything asks for it.
      const unread: Instance = { ...l.head, pool: UNREAD_POOL, bib: l.bib };
      sources.set(unread, l.source);
      return unread;
    }
    const region = l.region;
    const windows: Window[] = [];
    const readOnly = new Set<Table>();
    const known = new PortTexts();
    const tables: Table[] = [];
    if (region.chunks.length > 0) {
      for (const protocol of focus.protocols) {
        const p = PROTOCOLS.indexOf(protocol);
        if (focus.mark !== undefined) {
          const window = readWindow(bytes, region, p, focus.mark, focus.first, focus.last, known);
          windows.push(window);
          if (window.table !== undefined) tables.push(window.table);
        }
        if (focus.others !== true) continue;
        for (const t of readHolders(bytes, region, p, focus.mark, focus.first, focus.last, known)) {
          readOnly.add(t);
          tables.push(t);
        }
      }
    } else if (focus.mark !== undefined) {
      for (const protocol of focus.protocols)
        windows.push({ key: tableKey(PROTOCOLS.indexOf(protocol), focus.mark), table: undefined, settings: [region.end, region.end], runs: [region.end, region.end] });
    }
    const pool: Pool = region.chunks.length === 0 ? EMPTY_POOL : { tables: tables.sort(compareTables), partial: true };
    const instance: Instance = { ...l.head, pool, bib: l.bib };
    sources.set(instance, { ...l.source, focus: { pool, windows, readOnly } });
    return instance;
  });
  const state: State = { instances };
  stateSources.set(state, { bytes, instances: sources });
  return state;
}

/** Checks chunk k's CRC. */
function verify(bytes: Buffer, region: Region, k: number): void {
  const c = region.chunks[k];
  const start = region.anchors[k] + LINE_HEAD;
  if (chunkCrc(c, bytes.subarray(start, start + c.bytes)) !== c.crc) bad(`chunk ${k} does not match its CRC`);
}

/** The chunk whose lines hold the one at anchor a. */
function chunkOf(region: Region, a: number): number {
  let lo = 0;
  let hi = region.anchors.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (region.anchors[mid] <= a) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const probe = new Line();
const probeKnown = new PortTexts();

/**
 * The anchor (newline) of the first line in [lo, hi) whose key passes, the lines being sorted so
 * that those that pass come last; hi if none does. A binary search over bytes: from any byte, the
 * next newline starts a line.
 */
function firstLine(bytes: Buffer, lo: number, hi: number, passes: (line: Line) => boolean): number {
  const end = hi;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >>> 1);
    const s = bytes.indexOf(NEWLINE, mid);
    if (s < 0 || s >= hi) {
      hi = mid;
      continue;
    }
    if (!readLine(bytes, s + LINE_HEAD, probeKnown, probe)) bad('a line is not as jool writes it');
    if (passes(probe)) hi = s;
    else lo = s + 1;
  }
  const s = bytes.indexOf(NEWLINE, lo);
  return s < 0 || s >= end ? end : s;
}

/** The anchor of the first line whose table is (protocol, mark) or after it. */
function keyStart(bytes: Buffer, region: Region, protocol: number, mark: number): number {
  if (mark > 0xffffffff) return keyStart(bytes, region, protocol + 1, 0);
  return firstLine(bytes, region.anchors[0], region.end, (x) => x.protocol > protocol || (x.protocol === protocol && x.mark >= mark));
}

/** The anchors [from, to) of one protocol's lines. */
function protocolLines(bytes: Buffer, region: Region, protocol: number): [number, number] {
  return [keyStart(bytes, region, protocol, 0), keyStart(bytes, region, protocol + 1, 0)];
}

/** The anchor of the line after the one at a (the region's end after the last). */
function nextLine(bytes: Buffer, region: Region, a: number): number {
  const s = bytes.indexOf(NEWLINE, a + 1);
  return s < 0 || s >= region.end ? region.end : s;
}

function lineBefore(bytes: Buffer, region: Region, a: number): number | undefined {
  if (a <= region.anchors[0]) return undefined;
  return bytes.lastIndexOf(NEWLINE, a - 1);
}

/**
 * The table (protocol, mark) around first-last: the runs that end at or after first - 1 and start
 * at or before last + 1 (what an add or a remove there may change or merge with), plus one more
 * on each side where the table has one, so that the window is empty only if the table is, and a
 * change that empties it is one that empties the table. Its total is the whole table's.
 */
function readWindow(bytes: Buffer, region: Region, p: number, mark: number, first: number, last: number, known: PortTexts): Window {
  const key = tableKey(p, mark);
  const protocol = PROTOCOLS[p];
  const tableStart = keyStart(bytes, region, p, mark);
  const tableEnd = keyStart(bytes, region, p, mark + 1);
  if (tableStart === tableEnd) {
    return { key, table: undefined, settings: [tableStart, tableStart], runs: [tableStart, tableStart] };
  }
  if (!readLine(bytes, tableStart + LINE_HEAD, known, probe)) bad('bad line');
  let iterations: MaxIterations = 'auto';
  let counter: number | undefined;
  let runsFrom = tableStart;
  if (probe.isSettings) {
    iterations = probe.iterations;
    counter = probe.counter;
    runsFrom = nextLine(bytes, region, tableStart);
  }
  const low = Math.max(first - 1, 0);
  const high = Math.min(last + 1, 0xffffffff);
  const touching = firstLine(bytes, runsFrom, tableEnd, (x) => x.last >= low);
  const before = touching > runsFrom ? lineBefore(bytes, region, touching) : undefined;
  const from = before ?? touching;
  const after = firstLine(bytes, touching, tableEnd, (x) => x.first > high);
  const to = after < tableEnd ? nextLine(bytes, region, after) : tableEnd;
  const window = readTables(bytes, from, to, known, false);
  if (window.length !== 1 || window[0].mark !== mark || window[0].protocol !== protocol) bad('a window is not one table');
  const total = addressesIn(bytes, region, runsFrom, tableEnd, known);
  const w = window[0].runs;
  const runs = new Runs(w.firsts, w.lasts, w.ports, total);
  const table: Table = { mark, protocol, runs, iterations, counter: counter ?? wrap(total) };
  return { key, table, settings: [tableStart, runsFrom], runs: [from, to] };
}

/** The transport addresses of the run lines in [from, to): chunk entries for whole chunks, lines for the rest. */
function addressesIn(bytes: Buffer, region: Region, from: number, to: number, known: PortTexts): number {
  let total = 0;
  let a = from;
  while (a < to) {
    const k = chunkOf(region, a);
    const chunkEnd = k + 1 < region.anchors.length ? region.anchors[k + 1] : region.end;
    if (a === region.anchors[k] && chunkEnd <= to) {
      total += region.chunks[k].addresses;
      a = chunkEnd;
      continue;
    }
    const stop = Math.min(chunkEnd, to);
    while (a < stop) {
      if (!readLine(bytes, a + LINE_HEAD, known, probe)) bad('bad line');
      if (!probe.isSettings) total += (probe.last - probe.first + 1) * probe.ports!.size;
      a = nextLine(bytes, region, a);
    }
  }
  return total;
}

/**
 * Every other mark's runs of protocol p that hold an address of first-last: what Jool's mark-less
 * tree knows of them. Only chunks whose zone meets the addresses are read.
 */
function readHolders(bytes: Buffer, region: Region, p: number, mark: number | undefined, first: number, last: number, known: PortTexts): Table[] {
  const [from, to] = protocolLines(bytes, region, p);
  if (from === to) return [];
  const found = new Map<number, { mark: number; runs: RunsBuilder }>();
  for (let k = chunkOf(region, from); k < region.chunks.length && region.anchors[k] < to; k++) {
    const c = region.chunks[k];
    if (c.lowest > c.highest || c.highest < first || c.lowest > last) continue;
    const chunkEnd = k + 1 < region.anchors.length ? region.anchors[k + 1] : region.end;
    for (let a = Math.max(region.anchors[k], from); a < chunkEnd && a < to; a = nextLine(bytes, region, a)) {
      if (!readLine(bytes, a + LINE_HEAD, known, probe)) bad('bad line');
      if (probe.isSettings || probe.mark === mark || probe.last < first || probe.first > last) continue;
      let table = found.get(probe.mark);
      if (table === undefined) {
        table = { mark: probe.mark, runs: new RunsBuilder(4) };
        found.set(probe.mark, table);
      }
      table.runs.push(probe.first, probe.last, probe.ports!.ports);
    }
  }
  const protocol = PROTOCOLS[p];
  return [...found.values()].map(({ mark: m, runs }) => ({ mark: m, protocol, runs: runs.build(), iterations: 'auto', counter: 0 }));
}

/**
 * The tables of the lines in [from, to) (anchors), in file order, each checked as encode() writes
 * it: sorted, settings first and only where needed, runs disjoint and merged. Unless complete
 * (a window), a table cut by from or to is read as far as it goes.
 */
function readTables(bytes: Buffer, from: number, to: number, known: PortTexts, complete: boolean): Table[] {
  const columns = readColumns(bytes, from, to, known, complete);
  const tables: Table[] = [];
  for (let i = 0; i < columns.count; i++) tables.push(tableAt(columns, i));
  return tables;
}

/**
 * The tables of the lines in [from, to), as columns: every table's runs in one pair of arrays, and
 * a table object made only when asked for (tableAt). A display of 65,536 tables then makes each
 * one as it prints it, and the collector finds them dead young, instead of 65,536 at once.
 */
interface Columns {
  count: number;
  readonly keys: Float64Array;
  /** Table i's runs are [starts[i], starts[i + 1]). */
  readonly starts: Uint32Array;
  readonly totals: Float64Array;
  /** Of the tables that have a settings line, by index. */
  readonly settings: Map<number, { readonly iterations: MaxIterations; readonly counter: number }>;
  readonly firsts: Uint32Array;
  readonly lasts: Uint32Array;
  readonly ports: PortSet[];
}

function tableAt(c: Columns, i: number): Table {
  const start = c.starts[i];
  const end = c.starts[i + 1];
  const runs = new Runs(c.firsts.subarray(start, end), c.lasts.subarray(start, end), c.ports.slice(start, end), c.totals[i]);
  const key = c.keys[i];
  const settings = c.settings.get(i);
  return { mark: key % 0x100000000, protocol: PROTOCOLS[Math.floor(key / 0x100000000)], runs, iterations: settings?.iterations ?? 'auto', counter: settings?.counter ?? wrap(c.totals[i]) };
}

function readColumns(bytes: Buffer, from: number, to: number, known: PortTexts, complete: boolean): Columns {
  const line = new Line();
  const capacity = Math.ceil((to - from) / MIN_LINE_BYTES) + 1;
  const c: Columns = {
    count: 0,
    keys: new Float64Array(capacity),
    starts: new Uint32Array(capacity + 1),
    totals: new Float64Array(capacity),
    settings: new Map(),
    firsts: new Uint32Array(capacity),
    lasts: new Uint32Array(capacity),
    ports: [],
  };
  const { firsts, lasts, ports } = c;
  let n = 0;
  let key = -1;
  let total = 0;
  const finish = () => {
    if (key < 0) return;
    if (n === c.starts[c.count]) bad('a table without runs');
    const settings = c.settings.get(c.count);
    if (settings !== undefined && settings.iterations === 'auto' && settings.counter === wrap(total) && complete) bad('settings that are the defaults');
    c.totals[c.count] = total;
    c.count++;
    c.starts[c.count] = n;
  };
  let a = from;
  while (a < to) {
    if (bytes[a] !== NEWLINE || !readLine(bytes, a + LINE_HEAD, known, line)) bad('a line is not as jool writes it');
    a = line.end + 2; // past the closing quote and the comma, at the next newline
    const k = tableKey(line.protocol, line.mark);
    if (k !== key) {
      if (k < key) bad('lines out of order');
      finish();
      key = k;
      total = 0;
      c.keys[c.count] = k;
      if (line.isSettings) {
        c.settings.set(c.count, { iterations: line.iterations, counter: line.counter });
        continue;
      }
    } else if (line.isSettings) bad('settings after runs');
    const set = line.ports!;
    if (n > c.starts[c.count]) {
      if (line.first <= lasts[n - 1]) bad('runs out of order');
      if (line.first === lasts[n - 1] + 1 && samePorts(ports[n - 1], set.ports)) bad('runs not merged');
    }
    firsts[n] = line.first;
    lasts[n] = line.last;
    ports.push(set.ports);
    n++;
    total += (line.last - line.first + 1) * set.size;
  }
  finish();
  return c;
}

/**
 * One protocol's tables in Jool's order (marks descending), each made as it is taken: what `pool4
 * display` prints. Every line is read and checked before the first table is given.
 */
export function readDescending(bytes: Buffer, instance: string, protocol: Protocol): Iterable<Table> | undefined {
  const laid = layOut(bytes);
  if (laid === undefined) return undefined;
  const l = laid.find((x) => x.head.name === instance);
  if (l === undefined || l.region.chunks.length === 0) return [];
  const p = PROTOCOLS.indexOf(protocol);
  const [from, to] = protocolLines(bytes, l.region, p);
  const columns = readColumns(bytes, from, to, new PortTexts(), true);
  return {
    [Symbol.iterator]() {
      let i = columns.count;
      return { next: (): IteratorResult<Table> => (i > 0 ? { value: tableAt(columns, --i), done: false } : { value: undefined, done: true }) };
    },
  };
}

/** The shortest line: its newline, indentation and quotes, a comma, and "UDP 0 1.1.1.1 1". */
const MIN_LINE_BYTES = LINE_HEAD + 2 + 15;

/** Tables in file order (by protocol, then mark) to the pool's (by mark, then protocol). */
function byMark(tables: Table[]): Table[] {
  return tables.sort(compareTables);
}

/**
 * The BIB from just after `"bib": [` to the instance's end, if written as encode() writes it and
 * its lines match their checksum; they are then kept as bytes (PackedBib) and not checked one by
 * one. A hand-edited BIB, whose checksum no longer matches, is the validating reader's.
 */
function readBib(bytes: Buffer, p: number): { bib: Bib; end: number } {
  if (at(bytes, p, L.NO_BIB_CLOSE)) return { bib: EMPTY_BIB, end: p + L.NO_BIB_CLOSE.length };
  if (!at(bytes, p, L.LINE_OPEN)) bad('bad bib');
  // Lines hold no double quote: the first key after them is the checksum's.
  const keyAt = bytes.indexOf(BIB_DIGEST_KEY_BYTES, p);
  if (keyAt < 0) bad('no bib checksum');
  const digestAt = keyAt + BIB_DIGEST_KEY_BYTES.length;
  const end = digestAt + L.DIGEST_LENGTH + L.BIB_TAIL.length;
  if (!at(bytes, digestAt + L.DIGEST_LENGTH, L.BIB_TAIL)) bad('bad bib close');
  if (sha1(bytes.subarray(p, keyAt)) !== bytes.toString('latin1', digestAt, digestAt + L.DIGEST_LENGTH)) bad('the BIB does not match its checksum');
  const bib = new PackedBib(bytes, p + L.LINE_OPEN.length, keyAt - 1, LINE_NEXT_BYTES);
  L.bibSources.set(bib, bytes.subarray(p, end));
  return { bib, end };
}

const LINE_NEXT_BYTES = Buffer.from(L.LINE_NEXT);
const BIB_DIGEST_KEY_BYTES = Buffer.from(L.BIB_DIGEST_KEY);

/** The whole state if the bytes are laid out as encode() writes them and every chunk matches its CRC, else undefined. */
export function readOwnLayout(bytes: Buffer): State | undefined {
  try {
    return readWhole(bytes);
  } catch (e) {
    if (e instanceof StateFormatError || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
