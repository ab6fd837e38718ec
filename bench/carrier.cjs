// The carrier pool of the many-marks cases: 65,536 marks x TCP/UDP/ICMP, one /32 and a 1,008-port
// block each (198.18.0.0/22 shared by 64 marks per address, ports 1024-65535), and a static TCP
// BIB entry in the block of every 64th mark (1,024 of them): a Jool 4 configuration file, for
// `file handle`.
//   node bench/carrier.cjs [marks] [--shorter] > carrier.json
// With --shorter each block ends a port lower: a pool that a plan from the first changes everywhere.
'use strict';
const MARKS = Number(process.argv[2] ?? 65536);
const SHORTER = process.argv.includes('--shorter') ? 1 : 0;
const BASE = 0xc6120000; // 198.18.0.0

function addressOf(mark) {
  const a = BASE + (mark >> 6);
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

function blockOf(mark) {
  const min = 1024 + (mark & 63) * 1008;
  return [min, min + 1007];
}

if (require.main === module) {
  const pool4 = [];
  const bib = [];
  for (let m = 0; m < MARKS; m++) {
    const [min, max] = blockOf(m);
    for (const protocol of ['TCP', 'UDP', 'ICMP']) pool4.push(`{"mark": ${m}, "protocol": "${protocol}", "prefix": "${addressOf(m)}", "port range": "${min}-${max - SHORTER}"}`);
    if (m % 64 === 0) bib.push(`{"protocol": "TCP", "ipv6 address": "2001:db8:${(m >> 16).toString(16)}:${(m & 0xffff).toString(16)}::1#80", "ipv4 address": "${addressOf(m)}#${min}"}`);
  }
  process.stdout.write(`{"instance": "default", "framework": "netfilter", "global": {"pool6": "64:ff9b::/96"},\n"pool4": [\n${pool4.join(',\n')}\n],\n"bib": [\n${bib.join(',\n')}\n]}\n`);
}

module.exports = { MARKS, addressOf, blockOf };
