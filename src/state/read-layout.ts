/**
 * The fast reader: a file laid out exactly as encode() writes it, which is every file jool wrote.
 * It reads the bytes, not a text decoded from them: the runs in place, without a string of each (a
 * table may hold hundreds of thousands), a BIB whose checksum matches as the bytes it is, and only
 * the small heads as text. Anything else, or anything wrong, gives undefined and is left to
 * read-json.ts, which accepts any layout and names what is wrong.
 */
import type { Instance, State } from '../instance/instances.js';
import { PROTOCOLS, type MaxIterations, type Protocol, type Table } from '../pool4/pool.js';
import { Runs } from '../pool4/table.js';
import { EMPTY_BIB, type Bib } from '../bib/bib.js';
import { PackedBib } from '../bib/packed.js';
import { sha1 } from './digest.js';
import * as L from './layout.js';
import { readRunLines, RunArena, type RunLines } from './read-runs.js';
import { checkCounter, checkInstanceHead, checkIterations, checkMark, checkTable, isObject, StateFormatError } from './validate.js';

/**
 * What a command is about to change, when that is a few addresses of some tables: an add or a
 * remove. Those tables are read around the addresses alone (when their checksum vouches for the
 * rest), and the state read must not be given to anything else.
 */
export interface Focus {
  readonly instance: string;
  readonly mark: number;
  readonly protocols: readonly Protocol[];
  readonly first: number;
  readonly last: number;
}

export function readOwnLayout(bytes: Buffer, focus?: Focus): State | undefined {
  try {
    return read(bytes, focus);
  } catch (e) {
    if (e instanceof StateFormatError) return undefined;
    throw e;
  }
}

const COMMA = 0x2c;
const BIB_NEXT_BYTES = Buffer.from(L.BIB_NEXT);
const BIB_DIGEST_KEY_BYTES = Buffer.from(L.BIB_DIGEST_KEY);
/** What the protocol key is followed by, for each protocol. */
const PROTOCOL_HEADS = PROTOCOLS.map((protocol) => ({ protocol, text: `${protocol}${L.ITERATIONS_KEY}` }));

/** Whether the bytes at p are the (ASCII) piece's. */
function at(bytes: Buffer, p: number, piece: string): boolean {
  if (p + piece.length > bytes.length) return false;
  for (let k = 0; k < piece.length; k++) if (bytes[p + k] !== piece.charCodeAt(k)) return false;
  return true;
}

function read(bytes: Buffer, focus: Focus | undefined): State | undefined {
  if (!at(bytes, 0, L.HEAD)) return undefined;
  let p = L.HEAD.length;
  const instances: Instance[] = [];
  if (at(bytes, p, L.EMPTY_TAIL)) return p + L.EMPTY_TAIL.length === bytes.length ? { instances } : undefined;
  const names = new Set<string>();
  const arena = new RunArena(bytes.length);
  for (;;) {
    const open = instances.length === 0 ? L.INSTANCE_OPEN : `,${L.INSTANCE_OPEN}`;
    if (!at(bytes, p, open)) return undefined;
    p += open.length;
    // The head holds JSON strings, which never hold a raw newline: the tables key ends it.
    const tablesAt = bytes.indexOf(L.TABLES_KEY, p);
    if (tablesAt < 0) return undefined;
    const headText = `{"name": ${bytes.toString('latin1', p, tablesAt).replace(L.FRAMEWORK_KEY, ', "framework": ').replace(L.POOL6_KEY, ', "pool6": ').replace(L.GLOBALS_KEY, ', "globals": ').replace(L.HOLES_KEY, ', "pool4-holes": ')}}`;
    const head: unknown = JSON.parse(headText);
    if (!isObject(head)) return undefined;
    const where = `instances[${instances.length}]`;
    const instance = checkInstanceHead(where, head, names);
    p = tablesAt + L.TABLES_KEY.length;
    const tables: Table[] = [];
    if (at(bytes, p, L.NO_TABLES_CLOSE)) {
      p += L.NO_TABLES_CLOSE.length;
    } else {
      for (;;) {
        const tableOpen = tables.length === 0 ? L.TABLE_OPEN : `,${L.TABLE_OPEN}`;
        if (!at(bytes, p, tableOpen)) return undefined;
        p += tableOpen.length;
        const where = `instances[${instances.length}].tables[${tables.length}]`;
        const comma = bytes.indexOf(COMMA, p);
        const mark = checkMark(where, wholeNumber(bytes.toString('latin1', p, comma)));
        p = comma;
        if (!at(bytes, p, L.PROTOCOL_KEY)) return undefined;
        p += L.PROTOCOL_KEY.length;
        const known = PROTOCOL_HEADS.find((x) => at(bytes, p, x.text));
        if (known === undefined) return undefined;
        const protocol = known.protocol;
        p += known.text.length;
        const counterAt = bytes.indexOf(L.COUNTER_KEY, p);
        if (counterAt < 0) return undefined;
        const iterations = checkIterations(where, iterationsValue(bytes.toString('latin1', p, counterAt)));
        p = counterAt + L.COUNTER_KEY.length;
        const runsAt = bytes.indexOf(L.RUNS_KEY, p);
        if (runsAt < 0) return undefined;
        const counter = checkCounter(where, wholeNumber(bytes.toString('latin1', p, runsAt)));
        p = runsAt + L.RUNS_KEY.length;
        const runsStart = p;
        const wanted = focus !== undefined && focus.instance === instance.name && focus.mark === mark && focus.protocols.includes(protocol);
        // A table read whole is closed where its runs end; a window's close is searched for.
        // Run lines hold no `]`: the first RUNS_CLOSE is this table's.
        const found = wanted ? readClose(bytes, bytes.indexOf(RUNS_CLOSE_BYTES, p)) : undefined;
        const window = found?.digest === undefined ? undefined : readWindow(bytes, runsStart, found as Required<Close>, protocol, arena, focus!);
        const lines = window ?? readRunLines(bytes, p, protocol, arena);
        if (lines === undefined) return undefined;
        const close = window === undefined ? readClose(bytes, lines.end) : found;
        // Read whole, the runs must hold what the file says they do; a window is vouched for by the checksum.
        if (close === undefined || (window === undefined && close.total !== undefined && lines.runs.transportAddresses() !== close.total)) return undefined;
        const outer = { start: runsStart + L.RUN_OPEN.length, end: close.at - 1 };
        const runs = window === undefined ? lines.runs : new Runs(lines.runs.firsts, lines.runs.lasts, lines.runs.ports, found!.total);
        const start = window === undefined ? outer.start : window.start;
        p = close.end;
        const table: Table = { mark, protocol, runs, iterations, counter };
        checkTable(where, table, tables[tables.length - 1]);
        if (lines.canonical) L.sources.set(runs, { bytes, start, ends: lines.ends, outer, close: bytes.subarray(close.at, close.end) });
        else if (window !== undefined) return undefined; // what is not read must be copied
        tables.push(table);
        if (at(bytes, p, L.TABLES_CLOSE)) break;
      }
      p += L.TABLES_CLOSE.length;
    }
    if (!at(bytes, p, L.BIB_KEY)) return undefined;
    p += L.BIB_KEY.length;
    const bib = readBib(bytes, p);
    if (bib === undefined) return undefined;
    p = bib.end;
    instances.push({ ...instance, pool: { tables }, bib: bib.bib });
    if (at(bytes, p, L.TAIL)) return p + L.TAIL.length === bytes.length ? { instances } : undefined;
  }
}

/**
 * The BIB from just after `"bib": [` to the instance's end, if written as encode() writes it and
 * its lines match their checksum; they are then kept as bytes (PackedBib) and not checked one by
 * one. A hand-edited BIB, whose checksum no longer matches, is the validating reader's.
 */
function readBib(bytes: Buffer, p: number): { bib: Bib; end: number } | undefined {
  if (at(bytes, p, L.NO_BIB_CLOSE)) return { bib: EMPTY_BIB, end: p + L.NO_BIB_CLOSE.length };
  if (!at(bytes, p, L.BIB_OPEN)) return undefined;
  // Lines hold no double quote: the first key after them is the checksum's.
  const keyAt = bytes.indexOf(BIB_DIGEST_KEY_BYTES, p);
  if (keyAt < 0) return undefined;
  const digestAt = keyAt + BIB_DIGEST_KEY_BYTES.length;
  const end = digestAt + L.DIGEST_LENGTH + L.BIB_TAIL.length;
  if (!at(bytes, digestAt + L.DIGEST_LENGTH, L.BIB_TAIL)) return undefined;
  if (sha1(bytes.subarray(p, keyAt)) !== bytes.toString('latin1', digestAt, digestAt + L.DIGEST_LENGTH)) return undefined;
  const bib = new PackedBib(bytes, p + L.BIB_OPEN.length, keyAt - 1, BIB_NEXT_BYTES);
  // Unchanged, it is written back as these bytes.
  L.bibSources.set(bib, bytes.subarray(p, end));
  return { bib, end };
}

const RUNS_CLOSE_BYTES = Buffer.from(L.RUNS_CLOSE);
const RUNS_DIGEST_KEY_BYTES = Buffer.from(L.RUNS_DIGEST_KEY);

interface Close {
  /** Where the close starts: just after the last run's closing quote. */
  readonly at: number;
  /** Just after the table. */
  readonly end: number;
  /** A large table's: the transport addresses the runs hold, */
  readonly total?: number;
  /** where the checksum's key starts (the end of what it covers), */
  readonly digestKeyAt?: number;
  /** and the checksum. */
  readonly digest?: string;
}

/** What follows a table's runs, from just after the last one's closing quote: for a large table, their total and checksum. */
function readClose(bytes: Buffer, closeAt: number): Close | undefined {
  if (closeAt < 0) return undefined;
  if (at(bytes, closeAt, L.TABLE_CLOSE)) return { at: closeAt, end: closeAt + L.TABLE_CLOSE.length };
  if (!at(bytes, closeAt, L.TOTAL_KEY)) return undefined;
  const totalAt = closeAt + L.TOTAL_KEY.length;
  const digestKeyAt = bytes.indexOf(RUNS_DIGEST_KEY_BYTES, totalAt);
  if (digestKeyAt < 0 || digestKeyAt - totalAt > 10) return undefined;
  const total = wholeNumber(bytes.toString('latin1', totalAt, digestKeyAt));
  const digestAt = digestKeyAt + L.RUNS_DIGEST_KEY.length;
  if (Number.isNaN(total) || !at(bytes, digestAt + L.DIGEST_LENGTH, L.TABLE_TAIL)) return undefined;
  const digest = bytes.toString('latin1', digestAt, digestAt + L.DIGEST_LENGTH);
  return { at: closeAt, total, digestKeyAt, digest, end: digestAt + L.DIGEST_LENGTH + L.TABLE_TAIL.length };
}

const NEWLINE = 10;
/** From a run line's newline to its first address: the indentation and the opening quote. */
const LINE_HEAD = L.RUN_OPEN.length;

/**
 * The runs of a table around the focus's addresses, read as readRunLines() reads them, when the
 * checksum vouches for every run (else undefined, and the table is read whole). The window holds
 * every run that ends at or after first - 1 and starts at or before last + 1 (what an add or a
 * remove there may change or merge with), plus one more on each side where there is one: so the
 * window is empty only if the table is, and a change that empties it is one that empties the table.
 */
function readWindow(bytes: Buffer, runsStart: number, close: Required<Close>, protocol: Protocol, arena: RunArena, focus: Focus): (RunLines & { start: number }) | undefined {
  if (sha1(bytes.subarray(runsStart, close.digestKeyAt)) !== close.digest) return undefined;
  const end = close.at; // just after the last run's closing quote
  const low = Math.max(focus.first - 1, 0);
  const high = Math.min(focus.last + 1, 0xffffffff);
  const touching = firstLine(bytes, runsStart, end, (_, last) => last >= low);
  const from = lineBefore(bytes, touching, runsStart) ?? touching;
  const after = firstLine(bytes, touching, end, (first) => first > high);
  const to = after < end ? bytes.indexOf(NEWLINE, after + 1) : end;
  const lines = readRunLines(bytes, from, protocol, arena, to < 0 || to >= end ? end : to - 1);
  if (lines === undefined) return undefined;
  return { ...lines, start: from + LINE_HEAD };
}

/**
 * The newline that starts the first run line in [lo, end) whose addresses pass (else end), the
 * lines being sorted so that those that pass come last. A binary search over bytes: from any
 * byte, the next newline starts a line.
 */
function firstLine(bytes: Buffer, lo: number, end: number, passes: (first: number, last: number) => boolean): number {
  let hi = end; // lines that start at or after hi pass; those that start before lo do not
  while (lo < hi) {
    const mid = lo + ((hi - lo) >>> 1);
    const s = bytes.indexOf(NEWLINE, mid);
    if (s < 0 || s >= hi) {
      hi = mid;
      continue;
    }
    const q = s + LINE_HEAD;
    const first = addressAt(bytes, q);
    const last = bytes[first.end] === DASH ? addressAt(bytes, first.end + 1).value : first.value;
    if (passes(first.value, last)) hi = s;
    else lo = s + 1;
  }
  const s = bytes.indexOf(NEWLINE, lo);
  return s < 0 || s >= end ? end : s;
}

/** The newline of the line before the one at s, if s is not the first. */
function lineBefore(bytes: Buffer, s: number, runsStart: number): number | undefined {
  if (s <= runsStart) return undefined;
  const before = bytes.lastIndexOf(NEWLINE, s - 1);
  return before < runsStart ? undefined : before;
}

const DASH = 45;
const DOT = 46;

/** A dotted quad at q, as encode() writes it (the checksum vouches for it), and where it ends. */
function addressAt(bytes: Buffer, q: number): { value: number; end: number } {
  let value = 0;
  for (let k = 0; k < 4; k++) {
    let octet = 0;
    while (bytes[q] >= 48 && bytes[q] <= 57) octet = octet * 10 + bytes[q++] - 48;
    value = value * 256 + octet;
    if (k < 3 && bytes[q] === DOT) q++;
  }
  return { value, end: q };
}

/** A number written as encode() writes one, else NaN (which the checks refuse). */
function wholeNumber(text: string): number {
  return /^(0|[1-9][0-9]{0,9})$/.test(text) ? Number(text) : NaN;
}

function iterationsValue(text: string): MaxIterations {
  if (text === '"auto"') return 'auto';
  if (text === '"infinity"') return 'infinity';
  return wholeNumber(text);
}
