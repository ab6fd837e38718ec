// The big display's baseline: plain Node writing the same 196,608 lines as `jool --pool4 --display`
// of 10.0.0.0/16 (all protocols), in 64 KiB chunks, and nothing else.
'use strict';
const { writeSync } = require('node:fs');
let buffer = '';
for (const protocol of ['ICMP', 'UDP', 'TCP']) {
  for (let i = 0; i < 65536; i++) {
    buffer += `0\t${protocol}\t10.0.${i >> 8}.${i & 255}\t60001-65535\n`;
    if (buffer.length >= 65536) {
      writeSync(1, buffer);
      buffer = '';
    }
  }
}
writeSync(1, `${buffer}  (Fetched 196608 entries.)\n`);
