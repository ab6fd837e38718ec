// --lookup's baseline: plain Node reading the same million lines, taking each line's address and
// port apart, and writing one line per lookup, with no pool behind it.
//   node plain-lookup.cjs <lines>
'use strict';
const { readFileSync, writeSync } = require('node:fs');
const lines = readFileSync(process.argv[2], 'utf8').split('\n');
let out = '';
for (const line of lines) {
  if (line === '') continue;
  const [where, protocol] = line.split(' ');
  const [address, port] = where.split('#');
  out += `${address}#${port}\t${protocol.toUpperCase()}\tfound\n`;
  if (out.length > 65536) {
    writeSync(1, out);
    out = '';
  }
}
writeSync(1, out);
