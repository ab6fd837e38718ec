/**
 * The walk over --display's rows, in SPEC order: tables come sorted (mark, then ICMP, UDP, TCP),
 * runs by address, ports by first port. Formatting is the caller's.
 */
import { formatAddress } from '../pool4/addresses.js';
import type { Protocol, Table } from '../pool4/pool.js';

export type RowVisitor = (mark: number, protocol: Protocol, address: string, min: number, max: number) => void;

/** Calls visit for every row and returns how many there were. */
export function forEachRow(tables: readonly Table[], visit: RowVisitor): number {
  let rows = 0;
  for (const t of tables) {
    for (const run of t.runs) {
      for (let a = run.first; a <= run.last; a++) {
        const address = formatAddress(a);
        for (const [min, max] of run.ports) visit(t.mark, t.protocol, address, min, max);
        rows += run.ports.length;
      }
    }
  }
  return rows;
}
