// The Jool 4 display's baseline: plain Node writing the same 65,540 lines as
// `jool pool4 display --tcp` of 10.0.0.0/16 with 60001-65535, in 64 KiB chunks, and nothing else.
'use strict';
const { writeSync } = require('node:fs');
const SEP = '+------------+-------+--------------------+-----------------+-------------+\n';
let buffer = `${SEP}|       Mark | Proto |     Max iterations |         Address |       Ports |\n${SEP}`;
buffer += `|          0 |   TCP |       8192 ( auto) |        10.0.0.0 | 60001-65535 |\n`;
for (let i = 1; i < 65536; i++) {
  buffer += `|            |       |                    | ${`10.0.${i >> 8}.${i & 255}`.padStart(15)} | 60001-65535 |\n`;
  if (buffer.length >= 65536) {
    writeSync(1, buffer);
    buffer = '';
  }
}
writeSync(1, `${buffer}${SEP}`);
