/**
 * The "chunks" of an instance's runs (layout.ts): stretches of CHUNK_RUNS lines on average, each
 * described by one entry, "<lines> <bytes> <tables> <samples> <transport addresses> <zone> <crc>":
 * where the chunk stands (its bytes), what --count adds up, which addresses its runs span (the
 * zone, "none" for a chunk of settings lines alone), and a CRC-32 that vouches for the entry and
 * the chunk's bytes together.
 */
import { formatAddress, parseAddress4 } from '../pool4/addresses.js';
import { CHUNK_RUNS, LINE_NEXT } from './layout.js';

export interface Chunk {
  readonly runs: number;
  readonly bytes: number;
  /** Tables whose first line is in this chunk. */
  readonly tables: number;
  readonly samples: number;
  readonly addresses: number;
  /** The lowest first and highest last address of its runs (lowest > highest: none). */
  readonly lowest: number;
  readonly highest: number;
  readonly crc: number;
}

const NO_ZONE = 'none';

function entryHead(c: Omit<Chunk, 'crc'>): string {
  const zone = c.lowest > c.highest ? NO_ZONE : `${formatAddress(c.lowest)}-${formatAddress(c.highest)}`;
  return `${c.runs} ${c.bytes} ${c.tables} ${c.samples} ${c.addresses} ${zone} `;
}

export function chunkText(c: Chunk): string {
  return `${entryHead(c)}${c.crc.toString(16).padStart(8, '0')}`;
}

/** The CRC of an entry (all but its CRC) and its chunk's bytes. */
export function chunkCrc(c: Omit<Chunk, 'crc'>, bytes: Uint8Array): number {
  // Loaded here, not at start-up: a command on an empty pool does not need zlib.
  const { crc32 } = require('node:zlib') as typeof import('node:zlib');
  return crc32(bytes, crc32(entryHead(c)));
}

const ENTRY = /^([1-9][0-9]{0,9}) ([1-9][0-9]{0,15}) (0|[1-9][0-9]{0,9}) (0|[1-9][0-9]{0,15}) (0|[1-9][0-9]{0,15}) (none|[0-9.]{7,15}-[0-9.]{7,15}) ([0-9a-f]{8})$/;

/** An entry as encode() writes it, or undefined. */
export function readChunk(text: string): Chunk | undefined {
  const m = ENTRY.exec(text);
  if (m === null) return undefined;
  let lowest = 1;
  let highest = 0;
  if (m[6] !== NO_ZONE) {
    const [a, b] = m[6].split('-');
    const low = parseAddress4(a);
    const high = parseAddress4(b);
    if (low === undefined || high === undefined || low > high) return undefined;
    lowest = low;
    highest = high;
  }
  return { runs: Number(m[1]), bytes: Number(m[2]), tables: Number(m[3]), samples: Number(m[4]), addresses: Number(m[5]), lowest, highest, crc: Number.parseInt(m[7], 16) };
}

export function tableKey(protocol: number, mark: number): number {
  return protocol * 0x100000000 + mark;
}

/**
 * Whether a chunk ends after the line of this table key and first address (-1 for settings): one
 * line in CHUNK_RUNS on average, picked by a hash of what the line is, not of where it stands. So
 * the chunks are a function of the lines alone: a change cuts anew only the chunks around it, and
 * the file is byte for byte the one a fresh write of the same pool gives.
 */
function endsChunk(key: number, first: number): boolean {
  let h = Math.imul(key >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 0x100000000) + 1, 0x85ebca77) ^ Math.imul(first | 0, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h & (CHUNK_RUNS - 1)) === CHUNK_RUNS - 1;
}

/** No chunk is longer, whatever the hash says. */
const MAX_CHUNK_RUNS = 4 * CHUNK_RUNS;

/**
 * Cuts lines into chunks as they come: each line with what its chunk's entry needs of it, the key
 * of its table (protocol * 2^32 + mark), its addresses (-1 for settings), samples and transport
 * addresses.
 */
export class ChunkCutter {
  readonly chunks: Chunk[] = [];
  readonly bytes: Buffer[] = [];
  private texts: string[] = [];
  private tables = 0;
  private samples = 0;
  private addresses = 0;
  private lowest = 1;
  private highest = 0;

  /** keyBefore: the key of the line before the first (-1 if none), which says whether the first starts a table. */
  constructor(private keyBefore: number) {}

  /** Adds a line; true if it ended a chunk. */
  push(text: string, key: number, first: number, last: number, samples: number, addresses: number): boolean {
    this.texts.push(text);
    if (key !== this.keyBefore) this.tables++;
    this.keyBefore = key;
    this.samples += samples;
    this.addresses += addresses;
    if (first >= 0) {
      if (this.lowest > this.highest) {
        this.lowest = first;
        this.highest = last;
      } else {
        this.lowest = Math.min(this.lowest, first);
        this.highest = Math.max(this.highest, last);
      }
    }
    if (!endsChunk(key, first) && this.texts.length < MAX_CHUNK_RUNS) return false;
    this.close();
    return true;
  }

  /** Ends the last chunk, if lines are left. */
  finish(): { chunks: Chunk[]; bytes: Buffer[] } {
    if (this.texts.length > 0) this.close();
    return { chunks: this.chunks, bytes: this.bytes };
  }

  private close(): void {
    const buffer = Buffer.from(this.texts.join(LINE_NEXT), 'latin1');
    const head = { runs: this.texts.length, bytes: buffer.length, tables: this.tables, samples: this.samples, addresses: this.addresses, lowest: this.lowest, highest: this.highest };
    this.chunks.push({ ...head, crc: chunkCrc(head, buffer) });
    this.bytes.push(buffer);
    this.texts = [];
    this.tables = this.samples = this.addresses = 0;
    this.lowest = 1;
    this.highest = 0;
  }
}
