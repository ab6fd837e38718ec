/**
 * A per-customer pool4 (RFC 7422's deterministic mapping): every mark gets an equal, disjoint
 * block of the prefix's transport addresses, so that an address and port name one customer. Pure.
 */
import { firstOf, lastOf, prefixesOf, type Prefix } from '../pool4/addresses.js';
import type { Entry, Protocol } from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';

export interface Layout {
  readonly entries: readonly Entry[];
  /** Each customer's addresses and ports. */
  readonly addressesEach: number;
  readonly portsEach: number;
  /** What is left over and why, one sentence each. */
  readonly leftovers: readonly string[];
}

/** The blocks do not fit: what the request needs and what the prefix offers. */
export class DoesNotFit extends Error {
  constructor(
    readonly customers: number,
    readonly addresses: number,
    readonly ports: number,
  ) {
    super('does not fit');
  }
}

/**
 * marks in order get blocks in order. Ports are the range less excluded (the ephemeral range, for
 * a release that refuses it); TCP and UDP have no port 0.
 */
export function layOut(marks: readonly number[], prefix: Prefix, range: PortRange, protocols: readonly Protocol[], excluded?: PortRange): Layout {
  const low = range[0] === 0 && protocols.some((p) => p !== 'ICMP') ? 1 : range[0];
  const segments = cut([low, range[1]], excluded);
  const first = firstOf(prefix);
  const addresses = lastOf(prefix) - first + 1;
  const n = marks.length;
  const usable = segments.reduce((s, [a, b]) => s + b - a + 1, 0);
  const leftovers: string[] = [];
  if (excluded !== undefined && overlapsRange([low, range[1]], excluded)) {
    leftovers.push(`ports ${Math.max(low, excluded[0])}-${Math.min(range[1], excluded[1])}: the ephemeral range, which pool4 add refuses without --force in this release`);
  }
  if (n === 0 || usable === 0 || n > addresses * usable) throw new DoesNotFit(n, addresses, usable);
  const entries: Entry[] = [];
  if (n <= addresses) {
    // Whole addresses each: all the ports of as many addresses as divide evenly.
    const each = Math.floor(addresses / n);
    marks.forEach((mark, i) => {
      const from = first + i * each;
      for (const prefixOf of prefixesOf(from, from + each - 1)) {
        for (const ports of segments) entries.push({ mark, protocols, prefix: prefixOf, ports });
      }
    });
    const spare = addresses - n * each;
    if (spare > 0) leftovers.push(`${spare} ${spare === 1 ? 'address' : 'addresses'} at the end of the prefix: ${addresses} addresses do not divide into ${n} equal shares of ${each}`);
    return { entries, addressesEach: each, portsEach: usable, leftovers };
  }
  // Port blocks: the widest size b that gives every customer one block.
  let lo = 1;
  let hi = Math.max(...segments.map(([a, b]) => b - a + 1));
  const perAddress = (b: number) => segments.reduce((s, [a, z]) => s + Math.floor((z - a + 1) / b), 0);
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (perAddress(mid) * addresses >= n) lo = mid;
    else hi = mid - 1;
  }
  const size = lo;
  const blocks: PortRange[] = [];
  for (const [a, z] of segments) for (let p = a; p + size - 1 <= z; p += size) blocks.push([p, p + size - 1]);
  const per = blocks.length;
  // Round the addresses: customer i takes address i mod A, its block i div A; what is spare is at the end of each address.
  marks.forEach((mark, i) => {
    entries.push({ mark, protocols, prefix: { address: first + (i % addresses), length: 32 }, ports: blocks[Math.floor(i / addresses)] });
  });
  for (const [a, z] of segments) {
    const rest = (z - a + 1) % size;
    if (rest > 0) leftovers.push(`ports ${z - rest + 1}-${z} of every address: ${z - a + 1} ports do not divide into blocks of ${size}`);
  }
  const rows = Math.ceil(n / addresses);
  if (rows < per)
    leftovers.push(
      `blocks ${rows + 1} to ${per} of every address (ports ${blocks[rows][0]}-${blocks[per - 1][1]}${segments.length > 1 ? ', less the ephemeral range' : ''}): ${n} customers need ${rows} ${rows === 1 ? 'block' : 'blocks'} an address`,
    );
  const short = rows * addresses - n;
  if (short > 0)
    leftovers.push(
      `block ${rows} (ports ${blocks[rows - 1][0]}-${blocks[rows - 1][1]}) of the last ${short} ${short === 1 ? 'address' : 'addresses'}: ${n} customers do not fill ${addresses} addresses evenly`,
    );
  return { entries, addressesEach: 1, portsEach: size, leftovers };
}

function overlapsRange(a: PortRange, b: PortRange): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** range less excluded: nothing, one piece or two. */
function cut(range: PortRange, excluded: PortRange | undefined): PortRange[] {
  if (excluded === undefined || !overlapsRange(range, excluded)) return [range];
  const out: PortRange[] = [];
  if (range[0] < excluded[0]) out.push([range[0], excluded[0] - 1]);
  if (range[1] > excluded[1]) out.push([excluded[1] + 1, range[1]]);
  return out;
}
