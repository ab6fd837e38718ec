/**
 * The state file's format: bytes <-> State. Reading tries the fast in-place reader of jool's own
 * layout first, and falls back to the validating reader, which also reads versions 1 to 3.
 */
import { poolOf, type State } from '../instance/instances.js';
import { count, selectTables, type Counts, type Pool, type Protocol, type Table } from '../pool4/pool.js';
import { readJson } from './read-json.js';
import { type Focus, readCounts, readDescending, readFocus, readSelection, readWhole, type Selection } from './read-layout.js';
import { StateFormatError } from './validate.js';

export type { Focus, Selection } from './read-layout.js';

export { encode, encodeParts, serialize } from './encode.js';
export { FORMAT, VERSION } from './layout.js';
export { StateFormatError } from './validate.js';

/** A file's text. */
export function parse(text: string): State {
  return parseBytes(Buffer.from(text, 'utf8'));
}

/**
 * What the fast reader gives, or, when the file is not as jool wrote it (another version, a hand
 * edit, a chunk that does not match its CRC), undefined: the validating reader then reads it.
 */
function fast<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof StateFormatError || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/**
 * A file's bytes: jool's own layout read as they are, anything else decoded as UTF-8 and validated.
 * With a focus, the state is for that change alone (read-layout.ts).
 */
export function parseBytes(bytes: Buffer, focus?: Focus): State {
  return fast(() => (focus === undefined ? readWhole(bytes) : readFocus(bytes, focus))) ?? readJson(bytes.toString('utf8'));
}

/** An instance's counts (--count). */
export function countsIn(bytes: Buffer, instance: string): Counts {
  return fast(() => readCounts(bytes, instance)) ?? count(poolOf(readJson(bytes.toString('utf8')), instance));
}

/** The tables of an instance that a display selects. */
export function selectionIn(bytes: Buffer, selection: Selection): Pool {
  const pool = fast(() => readSelection(bytes, selection));
  if (pool !== undefined) return pool;
  return { tables: selectTables(poolOf(readJson(bytes.toString('utf8')), selection.instance), selection) };
}

/** One protocol's tables of an instance in Jool's order, marks descending (`pool4 display`). */
export function descendingIn(bytes: Buffer, instance: string, protocol: Protocol): Iterable<Table> {
  const tables = fast(() => readDescending(bytes, instance, protocol));
  if (tables !== undefined) return tables;
  return [...selectTables(poolOf(readJson(bytes.toString('utf8')), instance), { protocols: [protocol] })].reverse();
}
