/**
 * The fast reader: a file laid out exactly as encode() writes it, which is every file jool wrote.
 * The runs are read in place from the text, without JSON.parse making a string of each (a table
 * may hold hundreds of thousands). Anything else, or anything wrong, gives undefined and is left to
 * read-json.ts, which accepts any layout and names what is wrong.
 */
import type { Instance, State } from '../pool4/instances.js';
import { PROTOCOLS, type MaxIterations, type Table } from '../pool4/pool.js';
import * as L from './layout.js';
import { readRunLines, RunArena } from './read-runs.js';
import { checkCounter, checkInstanceHead, checkIterations, checkMark, checkTable, isObject, StateFormatError } from './validate.js';

/** text is bytes decoded as latin1: one character per byte. */
export function readOwnLayout(text: string, bytes: Buffer): State | undefined {
  try {
    return read(text, bytes);
  } catch (e) {
    if (e instanceof StateFormatError) return undefined;
    throw e;
  }
}

function read(text: string, bytes: Buffer): State | undefined {
  if (!text.startsWith(L.HEAD)) return undefined;
  let p = L.HEAD.length;
  const instances: Instance[] = [];
  if (text.startsWith(L.EMPTY_TAIL, p)) return p + L.EMPTY_TAIL.length === text.length ? { instances } : undefined;
  const names = new Set<string>();
  const arena = new RunArena(text.length);
  for (;;) {
    const open = instances.length === 0 ? L.INSTANCE_OPEN : `,${L.INSTANCE_OPEN}`;
    if (!text.startsWith(open, p)) return undefined;
    p += open.length;
    // The head holds JSON strings, which never hold a raw newline: the tables key ends it.
    const tablesAt = text.indexOf(L.TABLES_KEY, p);
    if (tablesAt < 0) return undefined;
    const headText = `{"name": ${text.slice(p, tablesAt).replace(L.FRAMEWORK_KEY, ', "framework": ').replace(L.POOL6_KEY, ', "pool6": ')}}`;
    const head: unknown = JSON.parse(headText);
    if (!isObject(head)) return undefined;
    const where = `instances[${instances.length}]`;
    const instance = checkInstanceHead(where, head, names);
    p = tablesAt + L.TABLES_KEY.length;
    const tables: Table[] = [];
    if (text.startsWith(L.NO_TABLES_CLOSE, p)) {
      p += L.NO_TABLES_CLOSE.length;
    } else {
      for (;;) {
        const tableOpen = tables.length === 0 ? L.TABLE_OPEN : `,${L.TABLE_OPEN}`;
        if (!text.startsWith(tableOpen, p)) return undefined;
        p += tableOpen.length;
        const at = `${where}.tables[${tables.length}]`;
        const comma = text.indexOf(',', p);
        const mark = checkMark(at, wholeNumber(text.slice(p, comma)));
        p = comma;
        if (!text.startsWith(L.PROTOCOL_KEY, p)) return undefined;
        p += L.PROTOCOL_KEY.length;
        const protocol = PROTOCOLS.find((x) => text.startsWith(`${x}${L.ITERATIONS_KEY}`, p));
        if (protocol === undefined) return undefined;
        p += protocol.length + L.ITERATIONS_KEY.length;
        const counterAt = text.indexOf(L.COUNTER_KEY, p);
        if (counterAt < 0) return undefined;
        const iterations = checkIterations(at, iterationsValue(text.slice(p, counterAt)));
        p = counterAt + L.COUNTER_KEY.length;
        const runsAt = text.indexOf(L.RUNS_KEY, p);
        if (runsAt < 0) return undefined;
        const counter = checkCounter(at, wholeNumber(text.slice(p, runsAt)));
        p = runsAt + L.RUNS_KEY.length;
        const runsStart = p;
        const lines = readRunLines(text, bytes, p, protocol, arena);
        if (lines === undefined) return undefined;
        p = lines.end;
        if (!text.startsWith(L.TABLE_CLOSE, p)) return undefined;
        p += L.TABLE_CLOSE.length;
        const table: Table = { mark, protocol, runs: lines.runs, iterations, counter };
        checkTable(at, table, tables[tables.length - 1]);
        // Offsets in the text are offsets in the bytes: everything up to here was ASCII (names and
        // pool6 are checked to be, and runs are digits and punctuation).
        if (lines.canonical) L.sources.set(table.runs, { bytes, start: runsStart + L.RUN_OPEN.length, ends: lines.ends });
        tables.push(table);
        if (text.startsWith(L.TABLES_CLOSE, p)) break;
      }
      p += L.TABLES_CLOSE.length;
    }
    instances.push({ ...instance, pool: { tables } });
    if (text.startsWith(L.TAIL, p)) return p + L.TAIL.length === text.length ? { instances } : undefined;
  }
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
