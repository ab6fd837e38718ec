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
    const { firsts, lasts } = t.runs;
    for (let r = 0; r < t.runs.length; r++) {
      const ports = t.runs.ports[r];
      for (let a = firsts[r]; a <= lasts[r]; a++) {
        const address = formatAddress(a);
        for (let p = 0; p < ports.length; p++) visit(t.mark, t.protocol, address, ports[p][0], ports[p][1]);
        rows += ports.length;
      }
    }
  }
  return rows;
}
