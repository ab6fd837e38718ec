/**
 * The lines of an instance's "runs" (layout.ts), both ways:
 *
 *   "TCP 7 192.0.2.1-192.0.2.4 1000-1999,3000-3999"    a run: protocol, mark, addresses, ports
 *   "TCP 7 max-iterations 5000 counter 4535"             a table's settings, before its runs
 *
 * Every line starts with its table's key, so that any line met in a binary search over the bytes
 * says where it stands. Lines are read in place from the bytes (a pool may hold hundreds of
 * thousands), one loop per line, no regex.
 */
import { formatAddress } from '../pool4/addresses.js';
import { formatPorts, type PortSet } from '../pool4/ports.js';
import { MAX_MARK, type MaxIterations, type Protocol, type Table } from '../pool4/pool.js';
import { wrap } from '../pool4/counter.js';
import { learnPorts, type KnownPorts } from './runs-text.js';

/** What a settings line has where a run line has its first address. */
const SETTINGS_WORD = 'max-iterations';
const SETTINGS_ADDRESS = -1;

/** Whether a table needs a settings line: its max iterations are set, or its counter drifted from its size. */
export function hasSettings(table: Table): boolean {
  return table.iterations !== 'auto' || table.counter !== wrap(table.runs.transportAddresses());
}

export function settingsLine(protocol: Protocol, mark: number, iterations: MaxIterations, counter: number): string {
  return `${protocol} ${mark} ${SETTINGS_WORD} ${iterations} counter ${counter}`;
}

/** The lines of the table's runs (its settings line, where it needs one, is settingsLine()'s). */
export function tableLines(table: Table, portTexts: Map<PortSet, string>): string[] {
  const { firsts, lasts, ports } = table.runs;
  const key = `${table.protocol} ${table.mark} `;
  const lines: string[] = [];
  for (let i = 0; i < table.runs.length; i++) {
    let text = portTexts.get(ports[i]);
    if (text === undefined) {
      text = formatPorts(ports[i]);
      portTexts.set(ports[i], text);
    }
    const addresses = firsts[i] === lasts[i] ? formatAddress(firsts[i]) : `${formatAddress(firsts[i])}-${formatAddress(lasts[i])}`;
    lines.push(`${key}${addresses} ${text}`);
  }
  return lines;
}

/** One line as read: reused from line to line, so that reading allocates nothing per line. */
export class Line {
  /** Index in PROTOCOLS. */
  protocol = 0;
  mark = 0;
  /** The first and last address of a run; SETTINGS_ADDRESS for a settings line. */
  first = 0;
  last = 0;
  ports: KnownPorts | undefined;
  iterations: MaxIterations = 'auto';
  counter = 0;
  /** Where the closing quote is. */
  end = 0;

  get isSettings(): boolean {
    return this.first === SETTINGS_ADDRESS;
  }
}

const QUOTE = 34;
const SPACE = 32;
const DASH = 45;
const DOT = 46;

/** Compares the line's key (protocol, mark, first address) with another's: the order of the runs. */
export function compareKey(line: Line, protocol: number, mark: number, address: number): number {
  return line.protocol - protocol || line.mark - mark || line.first - address;
}

/**
 * Reads the line whose text starts at q (just after its opening quote) into line; false if it is
 * not a line encode() writes. Ports are looked up in known.
 */
export function readLine(bytes: Buffer, q: number, known: PortTexts, line: Line): boolean {
  // The protocol: ICMP, UDP or TCP.
  const c0 = bytes[q];
  if (c0 === 73 /* I */ && bytes[q + 1] === 67 && bytes[q + 2] === 77 && bytes[q + 3] === 80) {
    line.protocol = 0;
    q += 4;
  } else if (c0 === 85 /* U */ && bytes[q + 1] === 68 && bytes[q + 2] === 80) {
    line.protocol = 1;
    q += 3;
  } else if (c0 === 84 /* T */ && bytes[q + 1] === 67 && bytes[q + 2] === 80) {
    line.protocol = 2;
    q += 3;
  } else return false;
  if (bytes[q++] !== SPACE) return false;
  const mark = readWhole(bytes, q);
  if (mark < 0 || mark > MAX_MARK) return false;
  line.mark = mark;
  q = wholeEnd;
  if (bytes[q++] !== SPACE) return false;
  if (bytes[q] === 109 /* m */) return readSettings(bytes, q, line);
  // One or two addresses, then a space.
  let c = 0;
  for (let part = 0; part < 2; part++) {
    let address = 0;
    for (let k = 0; k < 4; k++) {
      c = bytes[q++];
      if (c < 48 || c > 57) return false;
      let octet = c - 48;
      c = bytes[q++];
      if (c >= 48 && c <= 57) {
        if (octet === 0) return false; // a leading zero
        octet = octet * 10 + (c - 48);
        c = bytes[q++];
        if (c >= 48 && c <= 57) {
          octet = octet * 10 + (c - 48);
          if (octet > 255) return false;
          c = bytes[q++];
        }
      }
      address = address * 256 + octet;
      if (k < 3 && c !== DOT) return false;
    }
    if (part === 0) line.first = line.last = address;
    else line.last = address;
    if (c !== DASH || part === 1) break;
  }
  if (c !== SPACE || line.first > line.last) return false;
  const ports = known.read(bytes, q);
  if (ports === undefined || !ports.canonical) return false;
  if (line.protocol !== 0 && ports.ports[0][0] === 0) return false; // TCP and UDP have no port 0
  line.ports = ports;
  line.end = known.end;
  return true;
}

/**
 * The port sets of the lines read, recognised by their bytes in place: a pool of 65,536 marks
 * cycles through a few dozen texts, and a string cut out of every line would be most of the
 * garbage of a read.
 */
export class PortTexts {
  private readonly byHash = new Map<number, { text: Buffer; known: KnownPorts }>();
  private readonly byText = new Map<string, KnownPorts>();
  /** Where the closing quote after the last text read is. */
  end = 0;

  /** The ports whose text starts at q and runs to the next double quote, or undefined if it is not a port set. */
  read(bytes: Buffer, q: number): KnownPorts | undefined {
    let h = 0x811c9dc5;
    let e = q;
    for (; e < bytes.length && bytes[e] !== QUOTE; e++) h = Math.imul(h ^ bytes[e], 0x01000193);
    if (e >= bytes.length) return undefined;
    this.end = e;
    const seen = this.byHash.get(h);
    if (seen !== undefined && same(seen.text, bytes, q, e)) return seen.known;
    const text = bytes.toString('latin1', q, e);
    const known = learnPorts(text, this.byText);
    if (typeof known === 'string') return undefined;
    this.byHash.set(h, { text: Buffer.from(text, 'latin1'), known });
    return known;
  }
}

function readSettings(bytes: Buffer, q: number, line: Line): boolean {
  const end = bytes.indexOf(QUOTE, q);
  if (end < 0) return false;
  const m = /^max-iterations (auto|infinity|[1-9][0-9]{0,9}) counter (0|[1-9][0-9]{0,9})$/.exec(bytes.toString('latin1', q, end));
  if (m === null) return false;
  const iterations = m[1] === 'auto' || m[1] === 'infinity' ? m[1] : Number(m[1]);
  const counter = Number(m[2]);
  if ((typeof iterations === 'number' && iterations > 0xffffffff) || counter > 0xffffffff) return false;
  line.first = line.last = SETTINGS_ADDRESS;
  line.ports = undefined;
  line.iterations = iterations;
  line.counter = counter;
  line.end = end;
  return true;
}

/** Whether bytes[q, e) are text's. */
function same(text: Buffer, bytes: Buffer, q: number, e: number): boolean {
  if (text.length !== e - q) return false;
  for (let k = 0; k < text.length; k++) if (text[k] !== bytes[q + k]) return false;
  return true;
}

let wholeEnd = 0;

/** A decimal number without leading zeros at q (its end in wholeEnd), or -1. */
function readWhole(bytes: Buffer, q: number): number {
  let n = 0;
  const start = q;
  while (bytes[q] >= 48 && bytes[q] <= 57 && q - start < 11) n = n * 10 + bytes[q++] - 48;
  if (q === start || (bytes[start] === 48 && q - start > 1)) return -1;
  wholeEnd = q;
  return n;
}
