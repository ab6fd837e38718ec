/**
 * --display --json: the pool as the "pool4" array of Jool 4's atomic configuration file, one entry
 * per CIDR block and port range, ready to paste into a real Jool 4 configuration. A table whose
 * max iterations are not auto says so in each of its entries (file handle takes the last).
 */
import { formatPrefix } from '../pool4/addresses.js';
import type { Table } from '../pool4/pool.js';
import { blocksOf } from './blocks.js';
import type { Sink } from './sink.js';
import { iterationsText } from '../state/encode.js';

export function writeJson(tables: readonly Table[], out: Sink): void {
  const entries: string[] = [];
  for (const b of blocksOf(tables)) {
    const iterations = b.iterations === 'auto' ? '' : `,\n    "max-iterations": ${iterationsText(b.iterations)}`;
    for (const [min, max] of b.ports) {
      entries.push(
        `  {\n    "mark": ${b.mark},\n    "protocol": "${b.protocol}",\n    "prefix": "${formatPrefix(b.prefix)}",\n    "port range": "${min}-${max}"${iterations}\n  }`,
      );
    }
  }
  out.write(entries.length === 0 ? '[]\n' : `[\n${entries.join(',\n')}\n]\n`);
}
