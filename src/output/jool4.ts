/**
 * `jool pool4 display` as Jool 4.1.15 prints it (src/usr/argp/wargp/pool4.c), byte for byte:
 * one protocol's tables in descending mark order, one row per sample, quirks included (an empty
 * table prints its header border twice; --no-headers keeps the borders).
 */
import { autoIterations } from '../pool4/counter.js';
import type { Table } from '../pool4/pool.js';
import { JOOL4_CSV_HEADER } from '../formats/csv-headers.js';
import { forEachRow } from './rows.js';
import type { Sink } from './sink.js';

export const SEPARATOR = '+------------+-------+--------------------+-----------------+-------------+\n';
export const HEADER = '|       Mark | Proto |     Max iterations |         Address |       Ports |\n';
const CSV_HEADER_LINE = `${JOOL4_CSV_HEADER.join(',')}\n`;
export const LATER_ROW = '|            |       |                    | ';

/** Jool's tree order: marks descending (SPEC 6.2 for marks 2^31 or more apart). */
function inJoolOrder(tables: readonly Table[]): Table[] {
  return [...tables].sort((a, b) => b.mark - a.mark);
}

export function writeJool4Table(tables: readonly Table[], headers: boolean, out: Sink): void {
  if (headers) out.write(SEPARATOR + HEADER);
  let rows = 0;
  for (const t of inJoolOrder(tables)) {
    let first: string | undefined = `${SEPARATOR}| ${pad(t.mark, 10)} | ${pad(t.protocol, 5)} | ${iterationsCell(t)} | `;
    rows += forEachRow([t], (_mark, _protocol, address, min, max) => {
      out.write(`${first ?? LATER_ROW}${pad(address, 15)} | ${pad(min, 5)}-${pad(max, 5)} |\n`);
      first = undefined;
    });
  }
  if (rows === 0) out.write(SEPARATOR); // the header's border, which the first table would have printed
  out.write(SEPARATOR);
}

export function writeJool4Csv(tables: readonly Table[], headers: boolean, out: Sink): void {
  if (headers) out.write(CSV_HEADER_LINE);
  for (const t of inJoolOrder(tables)) {
    const tail = csvTail(t);
    forEachRow([t], (mark, protocol, address, min, max) => out.write(`${mark},${protocol},${address},${min},${max},${tail}\n`));
  }
}

/** The table's max iterations column: `      1024 ( auto)`, `   100 (fixed)`, `  Infinite (fixed)`. */
export function iterationsCell(t: Table): string {
  return t.iterations === 'infinity' ? '  Infinite (fixed)' : t.iterations === 'auto' ? `${pad(autoIterations(t.counter), 10)} ( auto)` : `${pad(t.iterations, 10)} (fixed)`;
}

/** The CSV's last two fields: the iterations and whether they are fixed. */
export function csvTail(t: Table): string {
  return t.iterations === 'infinity' ? 'infinite,1' : t.iterations === 'auto' ? `${autoIterations(t.counter)},0` : `${t.iterations},1`;
}

export function pad(v: string | number, width: number): string {
  return String(v).padStart(width);
}
