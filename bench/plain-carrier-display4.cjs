// The carrier display's baseline: plain Node writing the same lines as `jool pool4 display --tcp` of
// the carrier pool (bench/carrier.cjs): a block of three lines per mark, highest mark first, in 64
// KiB chunks, and nothing else.
'use strict';
const { writeSync } = require('node:fs');
const { MARKS, addressOf, blockOf } = require('./carrier.cjs');
const SEP = '+------------+-------+--------------------+-----------------+-------------+\n';
let buffer = `${SEP}|       Mark | Proto |     Max iterations |         Address |       Ports |\n${SEP}`;
for (let m = MARKS - 1; m >= 0; m--) {
  const [min, max] = blockOf(m);
  buffer += `| ${String(m).padStart(10)} |   TCP |       1024 ( auto) | ${addressOf(m).padStart(15)} | ${String(min).padStart(5)}-${String(max).padStart(5)} |\n${SEP}`;
  if (buffer.length >= 65536) {
    writeSync(1, buffer);
    buffer = '';
  }
}
writeSync(1, buffer);
