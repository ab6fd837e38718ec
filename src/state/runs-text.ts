/**
 * The text of a run, read: "<first>[-<last>] <min>-<max>[,<min>-<max>...]" (what follows a line's
 * protocol and mark in version 4, and a whole run line before it). Read without a string or a
 * regex per run: a table may hold hundreds of thousands, and a CLI runs these loops once, cold.
 */
import { EMPTY, formatPorts, MAX_PORT, size, type PortRange, type PortSet } from '../pool4/ports.js';
import type { Protocol } from '../pool4/pool.js';
import { RunsBuilder, type Runs } from '../pool4/table.js';
import { quote } from '../quote.js';

/** Reads one table's runs, in order, checking each against the rules and the run before it. */
export class RunReader {
  private readonly runs: RunsBuilder;
  private readonly lowest: number;
  // Runs that hold the same ports share one PortSet: fewer objects, and encode() formats each once.
  private readonly portSets = new Map<string, KnownPorts>();
  private readonly run: ParsedRun = { first: 0, last: 0, ranged: false, known: NO_PORTS, portsText: '', otherKnown: NO_PORTS, otherText: '' };
  private total = 0; // transport addresses, counted here rather than in another pass over the runs
  private lastAddress = -1;
  /** Whether every run was written as encode() writes it, one line per run. */
  canonical = true;

  constructor(
    private readonly protocol: Protocol,
    capacity: number,
  ) {
    this.runs = new RunsBuilder(capacity);
    this.lowest = protocol === 'ICMP' ? 0 : 1;
  }

  /** Reads the run text[start, end); returns what is wrong with it, if anything. */
  read(text: string, start: number, end: number): string | undefined {
    const run = this.run;
    const wrong = parseRun(text, start, end, this.portSets, run);
    if (wrong !== undefined) return `: ${wrong}`;
    const { ports, size, canonical } = run.known;
    if (ports[0][0] < this.lowest) return `: ${this.protocol} has no port 0`;
    if (this.lastAddress >= run.first) return 'overlaps or comes before the run above it: runs are sorted by address and disjoint';
    this.lastAddress = run.last;
    // A hand-edited file may split what could be one run: push() merges it back.
    const count = this.runs.length;
    this.runs.push(run.first, run.last, ports);
    this.total += (run.last - run.first + 1) * size;
    if (this.runs.length === count || run.ranged !== (run.first !== run.last) || !canonical) this.canonical = false;
    return undefined;
  }

  done(): Runs {
    return this.runs.build(this.total);
  }
}

/** A port set read from the file, once per distinct text. */
export interface KnownPorts {
  readonly ports: PortSet;
  readonly size: number;
  /** Whether the text is the one encode() writes for these ports. */
  readonly canonical: boolean;
}

const NO_PORTS: KnownPorts = { ports: EMPTY, size: 0, canonical: true };

/** parseRun's result; one object, reused for every run, so that reading a run allocates nothing. */
interface ParsedRun {
  first: number;
  last: number;
  /** Whether the addresses were written as "first-last". */
  ranged: boolean;
  known: KnownPorts;
  /**
   * The text of the ports, and the ports and text of the run before that held others: to
   * recognise the next run holding either (neighbours often alternate) without cutting it out.
   */
  portsText: string;
  otherKnown: KnownPorts;
  otherText: string;
}

/**
 * Reads the run text[start, n) into out; returns what is wrong with it, if anything. One pass over the characters
 * for the addresses, and the port ranges compared in place with the previous run's: this runs once
 * per run of the file, cold, so it avoids calls, slices and regexes.
 */
function parseRun(text: string, start: number, n: number, portSets: Map<string, KnownPorts>, out: ParsedRun): string | undefined {
  let i = start;
  let first = -1;
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return BAD_ADDRESSES; // a leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return BAD_ADDRESSES;
      digits++;
    } else if (c === 46 /* . */ && digits > 0 && dots < 3) {
      address = address * 256 + octet;
      octet = digits = 0;
      dots++;
    } else if ((c === 45 /* - */ || c === 32) /* space */ && digits > 0 && dots === 3) {
      address = address * 256 + octet;
      octet = digits = dots = 0;
      if (c === 32) break;
      if (first >= 0) return BAD_ADDRESSES;
      first = address;
      address = 0;
    } else {
      return BAD_ADDRESSES;
    }
  }
  if (i === n) return first < 0 && dots === 3 ? BAD_RUN : BAD_ADDRESSES;
  out.ranged = first >= 0;
  if (first < 0) first = address;
  if (first > address) return 'the first address is above the last';
  out.first = first;
  out.last = address;
  // Neighbouring runs often hold the same ports: compare in place before cutting the text out.
  if (holds(text, i + 1, n, out.portsText)) return undefined;
  const previousKnown = out.known;
  const previousText = out.portsText;
  if (holds(text, i + 1, n, out.otherText)) {
    out.known = out.otherKnown;
    out.portsText = out.otherText;
  } else {
    const portsText = text.slice(i + 1, n);
    const known = learnPorts(portsText, portSets);
    if (typeof known === 'string') return known;
    out.known = known;
    out.portsText = portsText;
  }
  out.otherKnown = previousKnown;
  out.otherText = previousText;
  return undefined;
}

/** Whether text[start, end) is known (a non-empty text), compared in place. */
function holds(text: string, start: number, end: number, known: string): boolean {
  if (known === '' || end - start !== known.length) return false;
  for (let k = 0; k < known.length; k++) if (text.charCodeAt(start + k) !== known.charCodeAt(k)) return false;
  return true;
}

const BAD_RUN = 'expected "<addresses> <port ranges>"';
const BAD_ADDRESSES = 'the addresses are not "a.b.c.d" or "a.b.c.d-e.f.g.h"';

/** The port set a text stands for: looked up, or parsed and remembered; or what is wrong with it. */
export function learnPorts(portsText: string, known: Map<string, KnownPorts>): KnownPorts | string {
  let found = known.get(portsText);
  if (found === undefined) {
    const parsed = parsePorts(portsText);
    if (typeof parsed === 'string') return parsed;
    found = { ports: parsed, size: size(parsed), canonical: formatPorts(parsed) === portsText };
    known.set(portsText, found);
  }
  return found;
}

function parsePorts(text: string): PortSet | string {
  const ports: PortRange[] = [];
  for (const part of text.split(',')) {
    const range = parsePortRangeStrict(part);
    if (range === undefined) return `${quote(part)} is not a port range "min-max" within 0-${MAX_PORT}`;
    const prev = ports[ports.length - 1];
    if (prev !== undefined && prev[1] >= range[0]) return 'its port ranges overlap or are out of order';
    if (prev !== undefined && prev[1] + 1 === range[0]) ports[ports.length - 1] = [prev[0], range[1]];
    else ports.push(range);
  }
  return ports;
}

function parsePortRangeStrict(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (m === null) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max > MAX_PORT || min > max) return undefined;
  return [min, max];
}
