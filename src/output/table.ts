/** --display --table: a bordered table for people (cli-table3). */
import { formatPrefix } from '../pool4/addresses.js';
import type { Table } from '../pool4/pool.js';
import { size } from '../pool4/ports.js';
import { blocksOf } from './blocks.js';
import type { Sink } from './sink.js';

export function writeTable(tables: readonly Table[], out: Sink): void {
  const blocks = blocksOf(tables);
  if (blocks.length === 0) {
    out.write('  (empty)\n');
    return;
  }
  // Loaded here so that other commands do not pay for it at start-up.
  const CliTable = require('cli-table3') as typeof import('cli-table3');
  const table = new CliTable({
    head: ['Mark', 'Protocol', 'Addresses', 'Ports', 'Transport addresses'],
    colAligns: ['right', 'left', 'left', 'left', 'right'],
    style: { head: [], border: [] }, // no colours: the output is often piped or diffed
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, // no rule between rows
  });
  for (const b of blocks) {
    const addresses = 2 ** (32 - b.prefix.length);
    table.push([String(b.mark), b.protocol, formatPrefix(b.prefix), b.ports.map(([min, max]) => `${min}-${max}`).join(', '), String(addresses * size(b.ports))]);
  }
  out.write(`${table.toString()}\n`);
}
