/**
 * State -> the file's bytes (layout.ts). Written as pieces for writev: what a command left as it
 * was in the file read is copied from its bytes, an instance whole, or an instance's runs but for
 * the chunks around the lines a focused change rewrote (read-layout.ts Focus).
 */
import { holeText } from '../pool4/holes.js';
import type { Instance, State } from '../instance/instances.js';
import { PROTOCOLS, type MaxIterations, type Pool, type Table } from '../pool4/pool.js';
import { size, type PortSet } from '../pool4/ports.js';
import * as L from './layout.js';
import { BIB_PROTOCOLS, type Bib } from '../bib/bib.js';
import { sha1 } from './digest.js';
import { PackedBib } from '../bib/packed.js';
import { bibLines } from './bib-text.js';
import { globalJsonText, settingsInOrder, type GlobalSettings } from '../global/globals.js';
import { ChunkCutter, chunkText, tableKey, type Chunk } from './chunks.js';
import { hasSettings, Line, PortTexts, readLine, settingsLine, tableLines } from './run-lines.js';
import { stateSources, UNREAD_POOL, type InstanceSource, type Region } from './source.js';

const LINE_NEXT_BYTES = Buffer.from(L.LINE_NEXT);
const BIB_KEY_BYTES = Buffer.from(L.BIB_KEY);
const BIB_OPEN_BYTES = Buffer.from(L.LINE_OPEN);
/** Between two BIB lines, after the first's closing quote. */
const BIB_NEXT_BYTES = Buffer.from(L.LINE_NEXT.slice(1));
const NO_BIB_CLOSE_BYTES = Buffer.from(L.NO_BIB_CLOSE);
const COMMA_BYTES = Buffer.from(',');
const LINE_HEAD = L.LINE_OPEN.length;

export function serialize(state: State): string {
  return encode(state).toString('latin1');
}

/** The file's bytes; previous is the state as read, whose unchanged parts are copied. */
export function encode(state: State, previous?: State): Buffer {
  return Buffer.concat(encodeParts(state, previous));
}

/** The file's bytes in pieces, to be written as they are (writev) rather than copied into one buffer. */
export function encodeParts(state: State, previous?: State): Buffer[] {
  const read = previous === undefined ? undefined : stateSources.get(previous);
  const parts: Buffer[] = [Buffer.from(L.HEAD)];
  state.instances.forEach((instance, n) => {
    if (n > 0) parts.push(COMMA_BYTES);
    const before = previous?.instances.find((i) => i.name === instance.name);
    const source = before === undefined ? undefined : read?.instances.get(before);
    if (source !== undefined && before === instance) {
      parts.push(read!.bytes.subarray(source.start, source.end));
      return;
    }
    if (before?.pool === UNREAD_POOL) throw new Error('internal error: a focused change changed an instance it did not read');
    parts.push(Buffer.from(headText(instance)));
    if (source?.focus !== undefined) parts.push(...splice(read!.bytes, source, instance.pool));
    else if (source !== undefined && before!.pool === instance.pool) parts.push(read!.bytes.subarray(source.pool[0], source.pool[1]));
    else parts.push(...listParts(poolLines(instance.pool.tables)));
    parts.push(BIB_KEY_BYTES, ...bibParts(instance.bib));
  });
  parts.push(Buffer.from(state.instances.length === 0 ? L.EMPTY_TAIL : L.TAIL));
  return parts;
}

function headText(instance: Instance): string {
  let head = `${L.INSTANCE_OPEN}${JSON.stringify(instance.name)}`;
  if (instance.framework !== undefined) head += `${L.FRAMEWORK_KEY}${JSON.stringify(instance.framework)}`;
  if (instance.pool6 !== undefined) head += `${L.POOL6_KEY}${JSON.stringify(instance.pool6)}`;
  if (instance.globals !== undefined) head += `${L.GLOBALS_KEY}${settingsText(instance.globals)}`;
  if (instance.holes !== undefined && instance.holes.length > 0) head += `${L.HOLES_KEY}${JSON.stringify(instance.holes.map(holeText))}`;
  return head;
}

/** The "chunks" and "runs" lists of these chunks. */
function listParts({ chunks, bytes }: { chunks: readonly Chunk[]; bytes: readonly Buffer[] }): Buffer[] {
  if (chunks.length === 0) return [Buffer.from(`${L.CHUNKS_KEY}${L.EMPTY_LIST_CLOSE}${L.RUNS_KEY}${L.EMPTY_LIST_CLOSE}`)];
  const parts: Buffer[] = [Buffer.from(`${L.CHUNKS_KEY}${L.LINE_OPEN}${chunks.map(chunkText).join(L.LINE_NEXT)}"${L.LIST_CLOSE}${L.RUNS_KEY}${L.LINE_OPEN}`, 'latin1')];
  bytes.forEach((b, k) => {
    if (k > 0) parts.push(LINE_NEXT_BYTES);
    parts.push(b);
  });
  parts.push(Buffer.from(`"${L.LIST_CLOSE}`));
  return parts;
}

/** Every table's lines, cut into chunks: by protocol, then mark (the pool's tables are by mark, then protocol). */
function poolLines(tables: readonly Table[]): { chunks: Chunk[]; bytes: Buffer[] } {
  const lines = new ChunkCutter(-1);
  const texts = new Map<PortSet, string>();
  const sizes = new Map<PortSet, number>();
  PROTOCOLS.forEach((protocol, p) => {
    for (const t of tables) if (t.protocol === protocol) pushTable(lines, p, t, texts, sizes);
  });
  return lines.finish();
}

function pushTable(lines: ChunkCutter, p: number, t: Table, texts: Map<PortSet, string>, sizes: Map<PortSet, number>): void {
  const key = tableKey(p, t.mark);
  if (hasSettings(t)) lines.push(settingsLine(t.protocol, t.mark, t.iterations, t.counter), key, -1, -1, 0, 0);
  const { firsts, lasts, ports } = t.runs;
  const runTexts = tableLines(t, texts);
  for (let i = 0; i < runTexts.length; i++) {
    let n = sizes.get(ports[i]);
    if (n === undefined) {
      n = size(ports[i]);
      sizes.set(ports[i], n);
    }
    const addresses = lasts[i] - firsts[i] + 1;
    lines.push(runTexts[i], key, firsts[i], lasts[i], addresses * ports[i].length, addresses * n);
  }
}

interface Edit {
  /** Anchors: the lines [from, to) are replaced by texts. */
  readonly from: number;
  readonly to: number;
  readonly texts: readonly string[];
}

/**
 * A focused instance's runs: the lines of each focused table written anew (its settings line and
 * its window), the chunks around them cut again, and every other chunk copied. Any table that
 * is not a focused one must be one read to answer questions, unchanged.
 */
function splice(bytes: Buffer, source: InstanceSource, pool: Pool): Buffer[] {
  const { region, focus } = source;
  const { windows, readOnly } = focus!;
  const after = new Map<number, Table>();
  for (const t of pool.tables) {
    const key = tableKey(PROTOCOLS.indexOf(t.protocol), t.mark);
    if (windows.some((w) => w.key === key)) after.set(key, t);
    else if (!readOnly.has(t)) throw new Error('internal error: a focused change changed a table outside its focus');
  }
  const texts = new Map<PortSet, string>();
  let edits: Edit[] = [];
  for (const w of windows) {
    const t = after.get(w.key);
    if (t === w.table) continue;
    const settings = t !== undefined && hasSettings(t) ? [settingsLine(t.protocol, t.mark, t.iterations, t.counter)] : [];
    const runs = t === undefined ? [] : tableLines(t, texts);
    if (w.settings[1] === w.runs[0]) edits.push({ from: w.settings[0], to: w.runs[1], texts: [...settings, ...runs] });
    else edits.push({ from: w.settings[0], to: w.settings[1], texts: settings }, { from: w.runs[0], to: w.runs[1], texts: runs });
  }
  // An edit that neither takes nor puts a line (no settings before, none after) is none.
  edits = edits.filter((x) => x.from < x.to || x.texts.length > 0).sort((a, b) => a.from - b.from || a.to - b.to);
  return listParts(recut(bytes, region, edits));
}

/**
 * The region's chunks with the edits made. From the chunk of an edit, the lines are cut anew by
 * the rule every write follows (chunks.ts), up to the first chunk end past the edits met where an
 * old chunk ended too: from there on, the old chunks are what a fresh write would give, and are
 * copied, up to the chunk of the next edit.
 */
function recut(bytes: Buffer, region: Region, edits: readonly Edit[]): { chunks: Chunk[]; bytes: Buffer[] } {
  const old = region.chunks;
  if (old.length === 0) {
    const lines = new ChunkCutter(-1);
    for (const e of edits) for (const text of e.texts) pushText(lines, text);
    return lines.finish();
  }
  const chunks: Chunk[] = [];
  const out: Buffer[] = [];
  let k = 0; // the next old chunk to copy or cut
  let e = 0;
  while (e < edits.length) {
    const from = Math.min(edits[e].from, region.end - 1);
    for (; k + 1 < old.length && region.anchors[k + 1] <= from; k++) {
      chunks.push(old[k]);
      out.push(chunkBytes(bytes, region, k));
    }
    const cutter = new ChunkCutter(keyBefore(bytes, region, k));
    let a = region.anchors[k];
    let next = k + 1; // the next old chunk that starts at or after a
    while (a < region.end) {
      const textStart = a + LINE_HEAD;
      const quote = bytes.indexOf(0x22, textStart);
      for (; e < edits.length && edits[e].from <= a; e++) for (const text of edits[e].texts) pushText(cutter, text);
      const edited = e > 0 && a < edits[e - 1].to;
      const ended = !edited && pushText(cutter, bytes.toString('latin1', textStart, quote));
      a = quote + 2;
      while (next < old.length && region.anchors[next] < a) next++;
      // An old line ended a chunk where an old chunk ended: what follows is as it was, up to the next edit.
      if (ended && next < old.length && region.anchors[next] === a) break;
    }
    // Edits at the very end of the runs: appended after the last line.
    if (a >= region.end) for (; e < edits.length; e++) for (const text of edits[e].texts) pushText(cutter, text);
    const cut = cutter.finish();
    chunks.push(...cut.chunks);
    out.push(...cut.bytes);
    k = a >= region.end ? old.length : next;
  }
  for (; k < old.length; k++) {
    chunks.push(old[k]);
    out.push(chunkBytes(bytes, region, k));
  }
  return { chunks, bytes: out };
}

function chunkBytes(bytes: Buffer, region: Region, k: number): Buffer {
  const start = region.anchors[k] + LINE_HEAD;
  return bytes.subarray(start, start + region.chunks[k].bytes);
}

const line = new Line();
const known = new PortTexts();

/** A line and what its chunk's entry needs of it; true if it ended a chunk. */
function pushText(lines: ChunkCutter, text: string): boolean {
  if (!readLine(Buffer.from(`${text}"`, 'latin1'), 0, known, line)) throw new Error(`internal error: a line jool wrote does not read back: ${text}`);
  const key = tableKey(line.protocol, line.mark);
  if (line.isSettings) return lines.push(text, key, -1, -1, 0, 0);
  const addresses = line.last - line.first + 1;
  return lines.push(text, key, line.first, line.last, addresses * line.ports!.ports.length, addresses * line.ports!.size);
}

/** The table key of the line before chunk k's first (-1 if none). */
function keyBefore(bytes: Buffer, region: Region, k: number): number {
  if (k === 0) return -1;
  const a = bytes.lastIndexOf(0x0a, region.anchors[k] - 1);
  if (!readLine(bytes, a + LINE_HEAD, known, line)) throw new Error('internal error: a line read before does not read again');
  return tableKey(line.protocol, line.mark);
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
    lines = list.length === 0 ? Buffer.alloc(0) : Buffer.from(`${L.LINE_OPEN}${list.join(L.LINE_NEXT)}"`, 'latin1');
  }
  if (lines.length === 0) return [NO_BIB_CLOSE_BYTES];
  return [lines, Buffer.from(`${L.BIB_DIGEST_KEY}${sha1(lines)}${L.BIB_TAIL}`, 'latin1')];
}

/** The lines a cascade left of a BIB read from a file, copied from its bytes, from LINE_OPEN to the last closing quote. */
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

export function iterationsText(i: MaxIterations): string {
  return typeof i === 'number' ? String(i) : `"${i}"`;
}
