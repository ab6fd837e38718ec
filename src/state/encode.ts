/**
 * State -> the file's bytes (layout.ts). Written into buffers rather than as a string per run: a
 * table may hold hundreds of thousands of runs, and the runs a change left as they were in the file
 * read are copied from its bytes instead of being written again.
 */
import { holeText } from '../pool4/holes.js';
import type { State } from '../instance/instances.js';
import type { MaxIterations, Table } from '../pool4/pool.js';
import { originOf, type Runs } from '../pool4/table.js';
import * as L from './layout.js';
import { BIB_PROTOCOLS, type Bib } from '../bib/bib.js';
import { sha1 } from './digest.js';
import { PackedBib } from '../bib/packed.js';
import { bibLines } from './bib-text.js';
import { formatRuns, sameRun } from './runs-text.js';
import { globalJsonText, settingsInOrder, type GlobalSettings } from '../global/globals.js';

const RUN_OPEN_BYTES = Buffer.from(L.RUN_OPEN);
const RUN_NEXT_BYTES = Buffer.from(L.RUN_NEXT);
const QUOTE_BYTES = Buffer.from('"');
const BIB_KEY_BYTES = Buffer.from(L.BIB_KEY);
const BIB_OPEN_BYTES = Buffer.from(L.BIB_OPEN);
/** Between two lines, after the first's closing quote. */
const BIB_NEXT_BYTES = Buffer.from(L.BIB_NEXT.slice(1));
const NO_BIB_CLOSE_BYTES = Buffer.from(L.NO_BIB_CLOSE);
const TABLE_CLOSE_BYTES = Buffer.from(L.TABLE_CLOSE);
/** From the end of one run's text to the start of the next one's: its closing quote, then RUN_NEXT. */
const RUN_GAP = 1 + L.RUN_NEXT.length;

export function serialize(state: State): string {
  return encode(state).toString('latin1');
}

/** The file's bytes; previous is the state as read, whose unchanged runs are copied. */
export function encode(state: State, previous?: State): Buffer {
  return Buffer.concat(encodeParts(state, previous));
}

/** The file's bytes in pieces, to be written as they are (writev) rather than copied into one buffer. */
export function encodeParts(state: State, previous?: State): Buffer[] {
  const parts: Buffer[] = [Buffer.from(L.HEAD)];
  state.instances.forEach((instance, n) => {
    let head = `${n === 0 ? '' : ','}${L.INSTANCE_OPEN}${JSON.stringify(instance.name)}`;
    if (instance.framework !== undefined) head += `${L.FRAMEWORK_KEY}${JSON.stringify(instance.framework)}`;
    if (instance.pool6 !== undefined) head += `${L.POOL6_KEY}${JSON.stringify(instance.pool6)}`;
    if (instance.globals !== undefined) head += `${L.GLOBALS_KEY}${settingsText(instance.globals)}`;
    if (instance.holes !== undefined && instance.holes.length > 0) head += `${L.HOLES_KEY}${JSON.stringify(instance.holes.map(holeText))}`;
    parts.push(Buffer.from(`${head}${L.TABLES_KEY}`));
    const before = previous?.instances.find((i) => i.name === instance.name)?.pool.tables;
    const tables = instance.pool.tables;
    tables.forEach((t, k) => {
      parts.push(Buffer.from(`${k === 0 ? '' : ','}${L.TABLE_OPEN}${tableHead(t)}${L.RUNS_KEY}`));
      const runs = encodeRuns(t.runs, before?.find((b) => b.mark === t.mark && b.protocol === t.protocol)?.runs);
      parts.push(...runs.parts, runs.close ?? tableClose(t.runs, runs.parts));
    });
    parts.push(Buffer.from(tables.length === 0 ? L.NO_TABLES_CLOSE : L.TABLES_CLOSE));
    parts.push(BIB_KEY_BYTES, ...bibParts(instance.bib));
  });
  parts.push(Buffer.from(state.instances.length === 0 ? L.EMPTY_TAIL : L.TAIL));
  return parts;
}

/** A BIB from just after BIB_KEY to its instance's end: its lines, then their checksum. */
function bibParts(bib: Bib): Buffer[] {
  const read = L.bibSources.get(bib);
  if (read !== undefined) return [read]; // unchanged since it was read
  let lines: Buffer;
  if (bib instanceof PackedBib) {
    lines = packedLines(bib);
  } else {
    const list = bibLines(bib);
    lines = list.length === 0 ? Buffer.alloc(0) : Buffer.from(`${L.BIB_OPEN}${list.join(L.BIB_NEXT)}"`, 'latin1');
  }
  if (lines.length === 0) return [NO_BIB_CLOSE_BYTES];
  return [lines, Buffer.from(`${L.BIB_DIGEST_KEY}${sha1(lines)}${L.BIB_TAIL}`, 'latin1')];
}

/** The lines a cascade left of a BIB read from a file, copied from its bytes, from BIB_OPEN to the last closing quote. */
function packedLines(bib: PackedBib): Buffer {
  const { bytes } = bib;
  const { columns: c, selected } = bib.index;
  const pieces: Buffer[] = [];
  for (const protocol of BIB_PROTOCOLS) {
    const word = protocol.length + 1; // the protocol and its space, before the IPv4 side
    for (const i of selected[protocol]) pieces.push(pieces.length === 0 ? BIB_OPEN_BYTES : BIB_NEXT_BYTES, bytes.subarray(c.v4[i] - word, c.end[i] + 1));
  }
  return Buffer.concat(pieces);
}

/** One line, in Jool's order, each value as a configuration file gives it; keys of every release kept. */
function settingsText(settings: GlobalSettings): string {
  const members = settingsInOrder(settings).map(({ meta, value }) => `${JSON.stringify(meta.name)}: ${globalJsonText(meta, value)}`);
  return `{${members.join(', ')}}`;
}

function tableHead(t: Table): string {
  return `${t.mark}${L.PROTOCOL_KEY}${t.protocol}${L.ITERATIONS_KEY}${iterationsText(t.iterations)}${L.COUNTER_KEY}${t.counter}`;
}

export function iterationsText(i: MaxIterations): string {
  return typeof i === 'number' ? String(i) : `"${i}"`;
}

/** The table's close; for a large one, its runs' total and the checksum of their bytes and that total (layout.ts). */
function tableClose(runs: Runs, parts: readonly Buffer[]): Buffer {
  let bytes = 0;
  for (const part of parts) bytes += part.length;
  if (bytes < L.CHECKSUM_BYTES) return TABLE_CLOSE_BYTES;
  const total = Buffer.from(`${L.TOTAL_KEY}${runs.transportAddresses()}`, 'latin1');
  return Buffer.concat([total, Buffer.from(`${L.RUNS_DIGEST_KEY}${sha1([...parts, total])}${L.TABLE_TAIL}`, 'latin1')]);
}

/**
 * The runs' lines, separated by commas, from the `[` to the last closing quote; and the close that
 * follows them when it can be copied too (an unchanged table). The runs at the head and the tail
 * that a change left as they were are copied from the bytes read (an add to a table of 100,000
 * runs rewrites a few), and so are the runs that were not read at all (outside the window a
 * change read): update() says how many (Origin); otherwise they are compared run by run.
 */
function encodeRuns(runs: Runs, before: Runs | undefined): { parts: Buffer[]; close?: Buffer } {
  const source = before === undefined ? undefined : L.sources.get(before);
  if (before === undefined || source === undefined) return { parts: [formatRuns(runs, 0, runs.length)] };
  const { bytes, start, ends, outer } = source;
  if (runs === before) return { parts: [RUN_OPEN_BYTES, bytes.subarray(outer.start, outer.end), QUOTE_BYTES], close: source.close }; // untouched
  const n = Math.min(runs.length, before.length);
  let head = 0; // runs[0, head) are before's first runs
  let tail = 0; // and the last tail runs are before's last
  const origin = originOf(runs);
  if (origin?.runs === before) {
    head = Math.min(origin.head, n);
    tail = Math.min(origin.tail, n - head);
  } else {
    // Runs of a window that were not read cannot be compared.
    if (outer.start !== start || outer.end !== ends[ends.length - 1]) throw new Error('internal error: a table read in part was changed without an origin');
    while (head < n && sameRun(runs, head, before, head)) head++;
    while (tail < n - head && sameRun(runs, runs.length - 1 - tail, before, before.length - 1 - tail)) tail++;
  }
  const parts: Buffer[] = [];
  // What is copied before the runs written: the runs not read before the window, and the window's head.
  const headEnd = head > 0 ? ends[head - 1] : outer.start < start ? start - RUN_GAP : undefined;
  if (headEnd !== undefined) parts.push(RUN_OPEN_BYTES, bytes.subarray(outer.start, headEnd), QUOTE_BYTES);
  if (head + tail < runs.length) parts.push(formatRuns(runs, head, runs.length - tail, headEnd !== undefined));
  // And after them: the window's tail, and the runs not read after it.
  const last = ends[before.length - 1];
  const k = before.length - tail; // the first run of the tail, whose text follows run k - 1's
  const tailStart = tail > 0 ? (k === 0 ? start : ends[k - 1] + RUN_GAP) : outer.end > last ? last + RUN_GAP : undefined;
  if (tailStart !== undefined) parts.push(parts.length > 0 ? RUN_NEXT_BYTES : RUN_OPEN_BYTES, bytes.subarray(tailStart, outer.end), QUOTE_BYTES);
  return { parts };
}
