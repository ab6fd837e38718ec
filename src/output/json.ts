/**
 * --display --json: the pool as the "pool4" array of Jool 4's atomic configuration file, one entry
 * per CIDR block and port range, ready to paste into a real Jool 4 configuration.
 */
import { formatPrefix } from '../pool4/addresses.js';
import type { Table } from '../pool4/pool.js';
import { blocksOf } from './blocks.js';
import type { Sink } from './sink.js';

export function writeJson(tables: readonly Table[], out: Sink): void {
  const entries: string[] = [];
  for (const b of blocksOf(tables)) {
    for (const [min, max] of b.ports) {
      entries.push(
        `  {\n    "mark": ${b.mark},\n    "protocol": "${b.protocol}",\n    "prefix": "${formatPrefix(b.prefix)}",\n    "port range": "${min}-${max}"\n  }`,
      );
    }
  }
  out.write(entries.length === 0 ? '[]\n' : `[\n${entries.join(',\n')}\n]\n`);
}
