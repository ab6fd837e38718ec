/** One function per operation, each taking its typed request; each returns its exit status. */
import { readFileSync } from 'node:fs';
import type { AddRequest, CheckRequest, CountRequest, DisplayRequest, FlushRequest, ImportRequest, RemoveRequest } from './cli.js';
import { applyImport, ImportError, parseImport } from './importing.js';
import { formatCounts } from './output/count.js';
import { writeCsv, writeTabs } from './output/display.js';
import { writeJson } from './output/json.js';
import type { Sink } from './output/sink.js';
import { writeTable } from './output/table.js';
import { formatCheck } from './output/check.js';
import { freeEphemeralRange, overlaps } from './pool4/check.js';
import * as pool4 from './pool4/pool.js';
import { EPHEMERAL_RANGE_FILE, hostEphemeralRange } from './ephemeral.js';
import { read, update } from './state/store.js';
import { reason } from './system.js';

const OK = 0;

export function display(r: DisplayRequest, out: Sink): number {
  const tables = pool4.selectTables(read(r.state), r.filter);
  const write = { tabs: writeTabs, csv: writeCsv, table: writeTable, json: writeJson }[r.format];
  write(tables, out);
  return OK;
}

export function count(r: CountRequest, out: Sink): number {
  out.write(formatCounts(pool4.count(read(r.state))));
  return OK;
}

export function add(r: AddRequest): number {
  update(r.state, (pool) => pool4.add(pool, r.entry, r.force), r.lockTimeoutMs);
  return OK;
}

export function remove(r: RemoveRequest): number {
  update(r.state, (pool) => pool4.remove(pool, r.entry), r.lockTimeoutMs);
  return OK;
}

export function flush(r: FlushRequest): number {
  update(r.state, () => pool4.EMPTY_POOL, r.lockTimeoutMs);
  return OK;
}

/** Like diff: the report goes to stdout, and the status says whether anything overlaps. */
export function check(r: CheckRequest, out: Sink, rangeFile = EPHEMERAL_RANGE_FILE): number {
  const ephemeral = r.ephemeral ?? hostEphemeralRange(rangeFile);
  const pool = read(r.state);
  const found = overlaps(pool, ephemeral);
  const from = r.ephemeral === undefined ? rangeFile : '--ephemeral-range';
  out.write(formatCheck(found, ephemeral, from, found.length === 0 ? undefined : freeEphemeralRange(pool, ephemeral)));
  return found.length === 0 ? OK : 1;
}

export function importFile(r: ImportRequest): number {
  const source = r.source === '-' ? 'standard input' : r.source;
  let text: string;
  try {
    text = readFileSync(r.source === '-' ? 0 : r.source, 'utf8');
  } catch (e) {
    throw new ImportError('', `cannot be read: ${reason(e)}`, source);
  }
  try {
    const entries = parseImport(text);
    update(r.state, (pool) => applyImport(pool, entries, r.replace), r.lockTimeoutMs);
  } catch (e) {
    if (e instanceof ImportError) throw e.in(source);
    throw e;
  }
  return OK;
}
