/**
 * What a state read from a file's bytes leaves for the encoder: where each instance's bytes are,
 * so that an instance left as it was is copied, and for a focused read (read-layout.ts Focus),
 * which lines each focused table stood for, so that only those are written anew.
 */
import type { Instance, State } from '../instance/instances.js';
import type { Pool, Table } from '../pool4/pool.js';
import type { Chunk } from './chunks.js';

/** An instance's runs as laid out: its chunks, the newline before each one's first line, and the end of the last line. */
export interface Region {
  readonly chunks: readonly Chunk[];
  readonly anchors: readonly number[];
  /** Just after the last line's closing quote; for no lines, the `]` of `[]`. */
  readonly end: number;
}

/**
 * A focused table: what change() was given (undefined if the table did not exist), and the lines
 * it stands for, as anchors [from, to): its settings line (empty at the table's start if it had
 * none) and its window of runs.
 */
export interface Window {
  /** The table's key (chunks.ts tableKey). */
  readonly key: number;
  readonly table: Table | undefined;
  readonly settings: readonly [number, number];
  readonly runs: readonly [number, number];
}

export interface InstanceSource {
  /** The instance's bytes, from its opening newline to its closing brace. */
  readonly start: number;
  readonly end: number;
  /** Its "chunks" and "runs" lists, from the comma before the first: copied while its pool is unchanged. */
  readonly pool: readonly [number, number];
  readonly region: Region;
  /** For the focused instance: the partial pool read, its windows, and the other marks' tables read to answer questions. */
  readonly focus?: { readonly pool: Pool; readonly windows: readonly Window[]; readonly readOnly: ReadonlySet<Table> };
}

export const stateSources = new WeakMap<State, { readonly bytes: Buffer; readonly instances: ReadonlyMap<Instance, InstanceSource> }>();

/** The pool of an instance a focused read did not read: copied as bytes, and never to be looked at. */
export const UNREAD_POOL: Pool = Object.freeze({
  get tables(): never {
    throw new Error('internal error: the pool of an instance that was not read was asked for');
  },
});
