/**
 * The command line's values (SPEC section 2), read strictly: anything that is not exactly a
 * decimal mark, a port range or an IPv4 prefix is refused with the value quoted.
 */
import { MAX_MARK } from '../pool4/pool.js';
import { MAX_PORT, type PortRange } from '../pool4/ports.js';
import { formatPrefix, parseAddress4, type Prefix } from '../pool4/addresses.js';
import { quote } from '../quote.js';
import { canonicalAddress6 } from '../bib/address6.js';
import type { Transport4, Transport6 } from '../bib/entry.js';

export type { Transport4, Transport6 } from '../bib/entry.js';

/** A malformed value; the message quotes it and says what was expected. */
export class BadValue extends Error {}

const DECIMAL = /^[0-9]+$/;

export function parseMark(text: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (!(n <= MAX_MARK)) throw new BadValue(`${quote(text)} is not a mark: a mark is a whole decimal number from 0 to ${MAX_MARK}.`);
  return n;
}

export function parsePortRange(text: string): PortRange {
  const dash = text.indexOf('-');
  const min = port(dash < 0 ? text : text.slice(0, dash));
  const max = dash < 0 ? min : port(text.slice(dash + 1));
  if (Number.isNaN(min) || Number.isNaN(max)) {
    throw new BadValue(`${quote(text)} is not a port range: expected N or N-M, decimal numbers from 0 to ${MAX_PORT}.`);
  }
  return min <= max ? [min, max] : [max, min];
}

/** parsePortRange, one range for each text: a file of 196,608 entries holds a few dozen. */
export function sharedPortRange(text: string): PortRange {
  let range = SHARED_RANGES.get(text);
  if (range === undefined) {
    range = parsePortRange(text);
    SHARED_RANGES.set(text, range);
  }
  return range;
}

const SHARED_RANGES = new Map<string, PortRange>();

function port(text: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  return n <= MAX_PORT ? n : NaN;
}

/** The plain form, read without ip-address: four decimal octets without leading zeros, and a length. */
const PLAIN_PREFIX = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(3[0-2]|[12]?\d))?$/;

export function parsePrefix(text: string): Prefix {
  // An import reads 100,000 of these: the plain form is read here, in a fraction of ip-address's
  // time (a property test checks that both read it alike); anything else is ip-address's to judge.
  const m = PLAIN_PREFIX.exec(text);
  if (m !== null) {
    const address = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
    const prefix = { address, length: m[5] === undefined ? 32 : Number(m[5]) };
    const network = prefix.length === 0 ? 0 : (address & (0xffffffff << (32 - prefix.length))) >>> 0;
    if (network !== address) throw suffixBits(text, { address: network, length: prefix.length });
    return prefix;
  }
  return parsePrefixWithIpAddress(text);
}

function suffixBits(text: string, network: Prefix): BadValue {
  return new BadValue(`${quote(text)} has bits set past its length /${network.length}: did you mean ${formatPrefix(network)}?`);
}

/** ip-address's reading of a prefix: everything but the plain form (which it reads the same way). */
export function parsePrefixWithIpAddress(text: string): Prefix {
  // Loaded here, from node_modules (see build.mjs): only unusual prefixes need it.
  const { Address4 } = require('ip-address/dist/ipv4.js') as typeof import('ip-address');
  let parsed: InstanceType<typeof Address4>;
  try {
    if (!/^[0-9./]+$/.test(text)) throw new Error('not ASCII digits, dots and a slash');
    parsed = new Address4(text);
  } catch {
    throw new BadValue(`${quote(text)} is not an IPv4 prefix: expected a.b.c.d or a.b.c.d/len, with four decimal octets 0-255 (no leading zeros) and len 0-32.`);
  }
  const prefix = { address: Number(parsed.startAddress().bigInt()), length: parsed.subnetMask };
  if (Number(parsed.bigInt()) !== prefix.address) throw suffixBits(text, prefix);
  return prefix;
}

/** RFC 6052's prefix lengths: the only ones a NAT64's pool6 may have. */
const POOL6_LENGTHS = [32, 40, 48, 56, 64, 96];

/** A pool6 prefix ("64:ff9b::/96"), returned in its canonical text. */
export function parsePool6(text: string): string {
  // Loaded here: only `instance add` and `file handle` need the IPv6 half of ip-address.
  const { Address6 } = require('ip-address/dist/ipv6.js') as typeof import('ip-address');
  let parsed: InstanceType<typeof Address6>;
  try {
    if (!/^[0-9a-fA-F:.]+\/[0-9]{1,3}$/.test(text)) throw new Error('not an IPv6 prefix');
    parsed = new Address6(text);
  } catch {
    throw new BadValue(`${quote(text)} is not an IPv6 prefix: expected an IPv6 address and a length, e.g. 64:ff9b::/96.`);
  }
  const length = parsed.subnetMask;
  if (!POOL6_LENGTHS.includes(length)) throw new BadValue(`${quote(text)} has length /${length}; pool6 must be /32, /40, /48, /56, /64 or /96 (RFC 6052).`);
  const start = parsed.startAddress().correctForm();
  if (start !== parsed.correctForm()) throw new BadValue(`${quote(text)} has bits set past its length /${length}: did you mean ${start}/${length}?`);
  return `${start}/${length}`;
}

/** A max iterations value of Jool 4: auto, infinity, or a whole decimal number from 1 to 4294967295. */
export function parseMaxIterations(text: string): 'auto' | 'infinity' | number {
  if (text === 'auto' || text === 'infinity') return text;
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 0xffffffff)) {
    throw new BadValue(`${quote(text)} is not a max iterations value: expected auto, infinity or a whole decimal number from 1 to 4294967295.`);
  }
  return n;
}

/** `192.0.2.1#80`, as Jool's str_to_addr4_port() reads it, but strictly (no `80abc`, no `a##80`). */
export function parseTransport4(text: string): Transport4 {
  const [address, portText, extra] = text.split('#');
  const parsed = parseAddress4(address);
  const port = portText === undefined ? NaN : transportPort(portText);
  if (parsed === undefined || Number.isNaN(port) || extra !== undefined) {
    throw new BadValue(`${quote(text)} is not an IPv4 transport address: expected <IPv4 address>#<port>, e.g. 192.0.2.1#80 (port or ICMP id 0-${MAX_PORT}).`);
  }
  return { address: parsed, port };
}

/** `2001:db8::1#80`: no brackets, no zone, as Jool's str_to_addr6_port() reads it, but strictly. */
export function parseTransport6(text: string): Transport6 {
  const [address, portText, extra] = text.split('#');
  const canonical = canonicalAddress6(address);
  const port = portText === undefined ? NaN : transportPort(portText);
  if (canonical === undefined || Number.isNaN(port) || extra !== undefined) {
    throw new BadValue(`${quote(text)} is not an IPv6 transport address: expected <IPv6 address>#<port>, e.g. 2001:db8::1#80 (port or ICMP id 0-${MAX_PORT}).`);
  }
  return { address: canonical, port };
}

function transportPort(text: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  return n <= MAX_PORT ? n : NaN;
}
