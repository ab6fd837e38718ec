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

/** Jool's tree order: marks descending (SPEC 6.2 for marks 2^31 or more apart). The pool's order reversed, when it is one protocol's. */
function inJoolOrder(tables: readonly Table[]): Table[] {
  const reversed = [...tables].reverse();
  for (let i = 1; i < reversed.length; i++) if (reversed[i - 1].mark < reversed[i].mark) return reversed.sort((a, b) => b.mark - a.mark);
  return reversed;
}

export function writeJool4Table(tables: readonly Table[], headers: boolean, out: Sink): void {
  if (headers) out.write(SEPARATOR + HEADER);
  const rows = new RowBytes(out);
  for (const t of inJoolOrder(tables)) {
    const head = `${SEPARATOR}| ${pad(t.mark, 10)} | ${pad(t.protocol, 5)} | ${iterationsCell(t)} | `;
    let first = true;
    const { firsts, lasts, ports } = t.runs;
    for (let r = 0; r < t.runs.length; r++) {
      for (let a = firsts[r]; a <= lasts[r]; a++) {
        for (const [min, max] of ports[r]) {
          rows.row(first ? head : LATER_ROW, a, min, max);
          first = false;
        }
      }
    }
  }
  if (rows.count === 0) out.write(SEPARATOR); // the header's border, which the first table would have printed
  rows.end();
  out.write(SEPARATOR);
}

/**
 * A table's rows written as bytes: every row is as wide as the header, its address and ports
 * right-aligned in their columns. A display of 65,536 tables makes no string for each.
 */
class RowBytes {
  private buffer = Buffer.allocUnsafe(ROW_CHUNK);
  private at = 0;
  count = 0;

  constructor(private readonly out: Sink) {}

  row(start: string, address: number, min: number, max: number): void {
    if (this.at + start.length + 40 > this.buffer.length) this.flush();
    const b = this.buffer;
    let p = this.at + b.write(start, this.at, 'latin1');
    p = putRight(b, p, address, 15, true);
    b[p++] = 0x20; // ' | '
    b[p++] = 0x7c;
    b[p++] = 0x20;
    p = putRight(b, p, min, 5, false);
    b[p++] = 0x2d;
    p = putRight(b, p, max, 5, false);
    b.write(' |\n', p, 'latin1');
    this.at = p + 3;
    this.count++;
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.at > 0) this.out.writeBytes(Buffer.from(this.buffer.subarray(0, this.at)));
    this.at = 0;
  }
}

const ROW_CHUNK = 64 * 1024;
const digits = Buffer.alloc(16);

/** A number, or an IPv4 address in dotted quads, right-aligned in width columns. */
function putRight(b: Buffer, p: number, n: number, width: number, address: boolean): number {
  let k = digits.length;
  if (address) {
    for (let octet = 0; octet < 4; octet++) {
      let v = (n >>> (8 * octet)) & 255;
      if (octet > 0) digits[--k] = 0x2e;
      do {
        digits[--k] = 0x30 + (v % 10);
        v = (v / 10) | 0;
      } while (v > 0);
    }
  } else {
    let v = n;
    do {
      digits[--k] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
  }
  for (let pad = width - (digits.length - k); pad > 0; pad--) b[p++] = 0x20;
  while (k < digits.length) b[p++] = digits[k++];
  return p;
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
