/** One function per operation, each taking its typed request. */
import type { AddRequest, CountRequest, DisplayRequest, FlushRequest, RemoveRequest } from './cli.js';
import { formatCounts } from './output/count.js';
import { writeCsv, writeTabs } from './output/display.js';
import type { Sink } from './output/sink.js';
import * as pool4 from './pool4/pool.js';
import { read, update } from './state/store.js';

export function display(r: DisplayRequest, out: Sink): void {
  const tables = pool4.selectTables(read(r.state), r.filter);
  if (r.csv) writeCsv(tables, out);
  else writeTabs(tables, out);
}

export function count(r: CountRequest, out: Sink): void {
  out.write(formatCounts(pool4.count(read(r.state))));
}

export function add(r: AddRequest): void {
  update(r.state, (pool) => pool4.add(pool, r.entry, r.force), r.lockTimeoutMs);
}

export function remove(r: RemoveRequest): void {
  update(r.state, (pool) => pool4.remove(pool, r.entry), r.lockTimeoutMs);
}

export function flush(r: FlushRequest): void {
  update(r.state, () => pool4.EMPTY_POOL, r.lockTimeoutMs);
}
