/**
 * The host's own IPv4 addresses: what Jool 4 serves BIB entries from when the instance's pool4 is
 * empty (pool4empty_contains(): the host's universe-scope addresses, so not loopback and not
 * link-local).
 */
import { parseAddress4 } from '../pool4/addresses.js';

export function interfaceAddresses(): number[] {
  // Loaded here, not at start-up: only a BIB add on an empty pool4 needs it.
  const { networkInterfaces } = require('node:os') as typeof import('node:os');
  const out: number[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      const address = a.family === 'IPv4' ? parseAddress4(a.address) : undefined;
      if (address === undefined || address >>> 24 === 127 || address >>> 16 === 0xa9fe) continue;
      out.push(address);
    }
  }
  return out;
}
