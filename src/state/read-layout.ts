/**
 * The fast reader: a file laid out exactly as encode() writes it, which is every file jool wrote.
 * It reads the bytes, not a text decoded from them: the runs in place, without a string of each (a
 * table may hold hundreds of thousands), a BIB whose checksum matches as the bytes it is, and only
 * the small heads as text. Anything else, or anything wrong, gives undefined and is left to
 * read-json.ts, which accepts any layout and names what is wrong.
 */
import type { Instance, State } from '../instance/instances.js';
import { PROTOCOLS, type MaxIterations, type Table } from '../pool4/pool.js';
import { EMPTY_BIB, type Bib } from '../bib/bib.js';
import { PackedBib } from '../bib/packed.js';
import { sha1 } from './digest.js';
import * as L from './layout.js';
import { readRunLines, RunArena } from './read-runs.js';
import { checkCounter, checkInstanceHead, checkIterations, checkMark, checkTable, isObject, StateFormatError } from './validate.js';

export function readOwnLayout(bytes: Buffer): State | undefined {
  try {
    return read(bytes);
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

function read(bytes: Buffer): State | undefined {
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
    const headText = `{"name": ${bytes.toString('latin1', p, tablesAt).replace(L.FRAMEWORK_KEY, ', "framework": ').replace(L.POOL6_KEY, ', "pool6": ').replace(L.GLOBALS_KEY, ', "globals": ')}}`;
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
        const lines = readRunLines(bytes, p, protocol, arena);
        if (lines === undefined) return undefined;
        p = lines.end;
        if (!at(bytes, p, L.TABLE_CLOSE)) return undefined;
        p += L.TABLE_CLOSE.length;
        const table: Table = { mark, protocol, runs: lines.runs, iterations, counter };
        checkTable(where, table, tables[tables.length - 1]);
        if (lines.canonical) L.sources.set(table.runs, { bytes, start: runsStart + L.RUN_OPEN.length, ends: lines.ends });
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

/** A number written as encode() writes one, else NaN (which the checks refuse). */
function wholeNumber(text: string): number {
  return /^(0|[1-9][0-9]{0,9})$/.test(text) ? Number(text) : NaN;
}

function iterationsValue(text: string): MaxIterations {
  if (text === '"auto"') return 'auto';
  if (text === '"infinity"') return 'infinity';
  return wholeNumber(text);
}
