/**
 * The pool as blocks for people and for Jool 4: each run's addresses as the fewest CIDR prefixes
 * that cover them exactly, so a /16 holding one port range is one block, not 65,536 rows.
 */
import { prefixesOf, type Prefix } from '../pool4/addresses.js';
import type { MaxIterations, Protocol, Table } from '../pool4/pool.js';
import type { PortSet } from '../pool4/ports.js';

export interface Block {
  readonly mark: number;
  readonly protocol: Protocol;
  readonly prefix: Prefix;
  readonly ports: PortSet;
  readonly iterations: MaxIterations;
}

export function blocksOf(tables: readonly Table[]): Block[] {
  const out: Block[] = [];
  for (const t of tables) {
    const { firsts, lasts, ports } = t.runs;
    for (let i = 0; i < t.runs.length; i++) {
      for (const prefix of prefixesOf(firsts[i], lasts[i])) out.push({ mark: t.mark, protocol: t.protocol, prefix, ports: ports[i], iterations: t.iterations });
    }
  }
  return out;
}
