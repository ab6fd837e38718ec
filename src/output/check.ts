/** --check's report: one line per overlap, then the two ways out; then the BIB's orphans, if any. */
import type { BibEntry } from '../bib/bib.js';
import { formatAddress, formatPrefix } from '../pool4/addresses.js';
import type { Protocol } from '../pool4/pool.js';
import type { Overlap } from '../pool4/check.js';
import type { PortRange } from '../pool4/ports.js';
import { CHANGES } from '../releases/releases.js';

export function formatCheck(found: readonly Overlap[], ephemeral: PortRange, from: string, free: PortRange | undefined): string {
  const range = `${ephemeral[0]}-${ephemeral[1]}`;
  if (found.length === 0) {
    return `No overlap: pool4's TCP and UDP ports are all outside the ephemeral port range ${range} (from ${from}).\n`;
  }
  const lines = found.map((o) => `${o.mark}\t${o.protocol}\t${formatPrefix(o.prefix)}\t${o.ports[0]}-${o.ports[1]}\n`);
  lines.push(`${found.length} ${found.length === 1 ? 'overlap' : 'overlaps'} with the ephemeral port range ${range} (from ${from}).\n`);
  const since = CHANGES['ephemeral-range-refusal'].since;
  lines.push(`Jool ${since} and later refuse such ranges in pool4 add and file handle without --force; earlier releases accept them, but the host's own connections may take their ports.\n`);
  if (free === undefined) {
    lines.push('No ephemeral range avoids pool4: its TCP and UDP samples use every port from 1024 up.\n');
  } else {
    lines.push(`Either move the ephemeral range out of pool4's way:\n  sysctl -w net.ipv4.ip_local_port_range="${free[0]} ${free[1]}"\n`);
  }
  lines.push(free === undefined ? 'Take the overlapping ports out of pool4:\n' : 'or take the overlapping ports out of pool4:\n');
  for (const o of found) {
    lines.push(`  jool --pool4 --remove --mark ${o.mark} --${o.protocol.toLowerCase()} ${formatPrefix(o.prefix)} ${o.ports[0]}-${o.ports[1]}\n`);
  }
  return lines.join('');
}

/** Entries that pool4 remove --quick (or a file handle) left outside pool4: Jool keeps them but cannot translate for them. */
export function formatOrphans(orphans: readonly { protocol: Protocol; entry: BibEntry }[]): string {
  if (orphans.length === 0) return '';
  const one = orphans.length === 1;
  const lines = [
    `${orphans.length} orphan BIB ${one ? 'entry' : 'entries'}: pool4 does not hold ${one ? 'its' : 'their'} IPv4 transport ${one ? 'address' : 'addresses'}, so Jool cannot translate for ${one ? 'it' : 'them'}:\n`,
  ];
  const v4 = (e: BibEntry) => `${formatAddress(e.address4)}#${e.port4}`;
  for (const { protocol, entry } of orphans) lines.push(`  [Static ${protocol}] ${v4(entry)} - ${entry.address6}#${entry.port6}\n`);
  lines.push(`Either put ${one ? 'its address' : 'their addresses'} back into pool4:\n`);
  for (const { protocol, entry } of orphans) lines.push(`  jool --pool4 --add --${protocol.toLowerCase()} ${formatAddress(entry.address4)} ${entry.port4}\n`);
  lines.push(`or remove ${one ? 'it' : 'them'}:\n`);
  for (const { protocol, entry } of orphans) lines.push(`  jool --bib --remove --${protocol.toLowerCase()} ${v4(entry)} ${entry.address6}#${entry.port6}\n`);
  return lines.join('');
}
