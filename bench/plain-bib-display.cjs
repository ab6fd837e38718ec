// The BIB display's baseline: plain Node writing the same 65,536 lines as `jool bib display
// --numeric` of the bench's BIB (10.0.0.0/16, port 61000 each, 2001:db8::<n>#80), in 64 KiB
// chunks, and nothing else.
'use strict';
const { writeSync } = require('node:fs');
let buffer = '';
for (let i = 0; i < 65536; i++) {
  buffer += `[Static TCP] 10.0.${i >> 8}.${i & 255}#61000 - 2001:db8::${i === 0 ? '' : i.toString(16)}#80\n`;
  if (buffer.length >= 65536) {
    writeSync(1, buffer);
    buffer = '';
  }
}
writeSync(1, buffer);
