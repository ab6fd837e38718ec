/**
 * The run lines of one table, read in place from the bytes of a file in jool's own layout, in one
 * loop: no string, slice or allocation per run but for a port set not seen in the last two runs. A
 * CLI runs this once, cold, over up to hundreds of thousands of runs; one long loop is what V8
 * optimises soonest (on-stack replacement).
 *
 * It checks what read-json.ts checks of runs, and gives up (undefined) at anything else, leaving the
 * file to read-json.ts, which says what is wrong.
 */
import type { Protocol } from '../pool4/pool.js';
import { samePorts, type PortSet } from '../pool4/ports.js';
import { Runs } from '../pool4/table.js';
import { learnPorts, RUN_INDENT, type KnownPorts } from './runs-text.js';

const NONE = new Uint8Array(0);

export interface RunLines {
  readonly runs: Runs;
  /** Where each run's closing quote is. */
  readonly ends: Uint32Array;
  /** Where the text after the last run's closing quote starts. */
  readonly end: number;
  /** Whether every run was written as encode() writes it, one line per run. */
  readonly canonical: boolean;
}

const COMMA = 44;
const NEWLINE = 10;
const SPACE = 32;
const QUOTE = 34;
const DASH = 45;
const DOT = 46;

/**
 * Room for the runs of every table of one file, allocated once: growing arrays midway would take
 * the optimised loop down a path it has not seen, back to the interpreter. A run line takes at
 * least 26 characters, so a file of n characters holds fewer than n / 26 runs.
 */
export class RunArena {
  readonly firsts: Uint32Array;
  readonly lasts: Uint32Array;
  /** Where each run's text ends (its closing quote) in the bytes read. */
  readonly ends: Uint32Array;
  used = 0;

  constructor(textLength: number) {
    const capacity = Math.ceil(textLength / 26) + 1;
    this.firsts = new Uint32Array(capacity);
    this.lasts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
  }
}

/**
 * Reads the runs starting at bytes[p] (just after `"runs": [`, or at the newline that starts a
 * run's line) into the arena's free room, up to the end of the runs or to stop (the comma or
 * newline after the last run to read).
 */
export function readRunLines(bytes: Buffer, p: number, protocol: Protocol, arena: RunArena, stop = bytes.length): RunLines | undefined {
  const lowest = protocol === 'ICMP' ? 0 : 1;
  const { firsts, lasts, ends } = arena;
  const base = arena.used;
  const ports: PortSet[] = [];
  const known = new Map<string, KnownPorts>();
  const seen = new SeenTexts();
  // The port texts of the last two runs that held different ports: neighbours often alternate.
  // Their first characters are compared before anything else (-1: none yet).
  let bytesA: Uint8Array = NONE;
  let headA = -1;
  let knownA: KnownPorts | undefined;
  let bytesB: Uint8Array = NONE;
  let headB = -1;
  let knownB: KnownPorts | undefined;
  let n = 0;
  let total = 0;
  let lastAddress = -1;
  let canonical = true;
  for (;;) {
    let q = p;
    if (q >= stop) break;
    if (n > 0) {
      if (bytes[q] !== COMMA) break; // the end of the runs
      q++;
    }
    if (bytes[q] !== NEWLINE) return undefined;
    q++;
    for (let k = 0; k < RUN_INDENT; k++) if (bytes[q++] !== SPACE) return undefined;
    if (bytes[q++] !== QUOTE) return undefined;

    // One or two addresses: "a.b.c.d" or "a.b.c.d-e.f.g.h", then a space.
    let first = 0;
    let last = 0;
    let c = 0;
    let dashed = false;
    for (let part = 0; part < 2; part++) {
      // Four octets of one to three digits, no leading zero, 0-255, dots between them.
      let address = 0;
      for (let k = 0; k < 4; k++) {
        c = bytes[q++];
        if (c < 48 || c > 57) return undefined;
        let octet = c - 48;
        c = bytes[q++];
        if (c >= 48 && c <= 57) {
          if (octet === 0) return undefined; // a leading zero
          octet = octet * 10 + (c - 48);
          c = bytes[q++];
          if (c >= 48 && c <= 57) {
            octet = octet * 10 + (c - 48);
            if (octet > 255) return undefined;
            c = bytes[q++];
          }
        }
        address = address * 256 + octet;
        if (k < 3 && c !== DOT) return undefined;
      }
      if (part === 0) first = last = address;
      else last = address;
      if (c !== DASH || part === 1) break;
      dashed = true;
    }
    if (c !== SPACE || first > last) return undefined;
    if (dashed !== (first !== last)) canonical = false; // "a-a", which encode() writes "a"

    // The ports, compared in place with the last two texts before anything is cut out.
    let set: KnownPorts;
    const head = bytes[q];
    if (head === headA && holds(bytes, q, bytesA)) {
      set = knownA!;
      q += bytesA.length + 1;
    } else if (head === headB && holds(bytes, q, bytesB)) {
      set = knownB!;
      q += bytesB.length + 1;
      const t = bytesA; // B becomes the most recent
      bytesA = bytesB;
      bytesB = t;
      headB = headA;
      headA = head;
      knownB = knownA;
      knownA = set;
    } else {
      // A text not among the last two: apart from the loop, which then compiles smaller and sooner.
      // First among the few others seen (a pool mostly cycles through a few port sets), then learnt.
      const k = seen.find(bytes, q);
      let text: Uint8Array;
      if (k >= 0) {
        text = seen.texts[k];
        set = seen.sets[k];
      } else {
        const end = bytes.indexOf(QUOTE, q);
        if (end < 0) return undefined;
        const found = learnPorts(bytes.toString('latin1', q, end), known);
        if (typeof found === 'string') return undefined;
        set = found;
        text = bytes.subarray(q, end);
        seen.add(text, found);
      }
      bytesB = bytesA;
      headB = headA;
      knownB = knownA;
      bytesA = text;
      headA = head;
      knownA = set;
      q += text.length + 1;
    }

    if (set.ports[0][0] < lowest || lastAddress >= first) return undefined; // port 0 of TCP/UDP; unsorted or overlapping
    lastAddress = last;
    total += (last - first + 1) * set.size;
    if (!set.canonical) canonical = false;
    // While every port text was canonical, equal port sets are one object: no need to compare them.
    if (n > 0 && lasts[base + n - 1] + 1 === first && (ports[n - 1] === set.ports || (!canonical && samePorts(ports[n - 1], set.ports)))) {
      lasts[base + n - 1] = last; // a hand-split run: merged back
      canonical = false;
    } else {
      firsts[base + n] = first;
      lasts[base + n] = last;
      ends[base + n] = q - 1;
      ports.push(set.ports);
      n++;
    }
    p = q;
  }
  if (n === 0) return undefined;
  arena.used += n;
  return { runs: new Runs(firsts.subarray(base, base + n), lasts.subarray(base, base + n), ports, total), ends: ends.subarray(base, base + n), end: p, canonical };
}

/** The first port texts a table's runs hold, kept to be recognised in place, without cutting a string out. */
class SeenTexts {
  readonly texts: Uint8Array[] = [];
  readonly sets: KnownPorts[] = [];

  /** The index of the text at q (followed by its closing quote), or -1. */
  find(bytes: Uint8Array, q: number): number {
    for (let k = 0; k < this.texts.length; k++) if (this.texts[k][0] === bytes[q] && holds(bytes, q, this.texts[k])) return k;
    return -1;
  }

  add(text: Uint8Array, set: KnownPorts): void {
    if (this.texts.length >= 8) return; // beyond a few, the search would cost more than it saves
    this.texts.push(text);
    this.sets.push(set);
  }
}

/** Whether the bytes at q are known's, then a closing quote. */
function holds(bytes: Uint8Array, q: number, known: Uint8Array): boolean {
  for (let k = 0; k < known.length; k++) if (bytes[q + k] !== known[k]) return false;
  return bytes[q + known.length] === QUOTE;
}
