/**
 * The state file's format, version 1: text <-> Pool, with full validation.
 *
 *   {
 *     "format": "jool-pool4-state",
 *     "version": 1,
 *     "tables": [
 *       { "mark": 0, "protocol": "TCP", "runs": [
 *         "192.0.2.1 60001-65535",
 *         "192.0.2.4-192.0.2.5 7000-7999,60001-65535"
 *       ] }
 *     ]
 *   }
 *
 * A run is "<first address>[-<last address>] <min>-<max>[,<min>-<max>...]": every address from
 * first to last holds those port ranges. Runs keep the file small (a /16 is one line) and readable.
 */
import { formatAddress, parseAddress } from '../pool4/addresses.js';
import { MAX_PORT, samePorts, type PortRange } from '../pool4/ports.js';
import {
  compareTables,
  MAX_MARK,
  MAX_TABLE_TRANSPORT_ADDRESSES,
  PROTOCOLS,
  type Pool,
  type Protocol,
  type Table,
} from '../pool4/pool.js';
import { transportAddressCount, type Run } from '../pool4/table.js';
import { printable, quote } from '../quote.js';

export const FORMAT = 'jool-pool4-state';
export const VERSION = 1;

/** The file's content is not a valid pool; the message says where and what. */
export class StateFormatError extends Error {}

export function serialize(pool: Pool): string {
  const tables = pool.tables.map((t) => {
    const runs = t.runs.map(formatRun).join('",\n        "');
    return `    {\n      "mark": ${t.mark},\n      "protocol": "${t.protocol}",\n      "runs": [\n        "${runs}"\n      ]\n    }`;
  });
  const body = tables.length === 0 ? '[]' : `[\n${tables.join(',\n')}\n  ]`;
  return `{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "tables": ${body}\n}\n`;
}

export function formatRun(run: Run): string {
  const addresses = run.first === run.last ? formatAddress(run.first) : `${formatAddress(run.first)}-${formatAddress(run.last)}`;
  return `${addresses} ${run.ports.map((r) => `${r[0]}-${r[1]}`).join(',')}`;
}

export function parse(text: string): Pool {
  if (text.trim() === '') throw new StateFormatError('the file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateFormatError(`it is not valid JSON (${printable((e as Error).message)})`);
  }
  if (!isObject(doc)) throw new StateFormatError('it is not a JSON object');
  if (doc.format !== FORMAT) throw new StateFormatError(`"format" is not "${FORMAT}": this is not a jool pool4 state file`);
  if (doc.version !== VERSION) {
    if (typeof doc.version === 'number' && Number.isInteger(doc.version) && doc.version > VERSION) {
      throw new StateFormatError(`it has format version ${doc.version}, written by a newer jool; this jool reads version ${VERSION}`);
    }
    throw new StateFormatError(`"version" is ${printable(JSON.stringify(doc.version) ?? 'missing')}; this jool reads version ${VERSION}`);
  }
  if (!Array.isArray(doc.tables)) throw new StateFormatError('"tables" is not an array');

  const tables: Table[] = [];
  let prev: Table | undefined;
  doc.tables.forEach((t: unknown, i: number) => {
    const where = `tables[${i}]`;
    if (!isObject(t)) throw new StateFormatError(`${where} is not an object`);
    const mark = t.mark;
    if (typeof mark !== 'number' || !Number.isInteger(mark) || mark < 0 || mark > MAX_MARK) {
      throw new StateFormatError(`${where}.mark is not a whole number from 0 to ${MAX_MARK}`);
    }
    const protocol = t.protocol as Protocol;
    if (!PROTOCOLS.includes(protocol)) throw new StateFormatError(`${where}.protocol is not one of ${PROTOCOLS.join(', ')}`);
    if (!Array.isArray(t.runs)) throw new StateFormatError(`${where}.runs is not an array`);
    const table = { mark, protocol, runs: parseRuns(t.runs, protocol, where) };
    if (prev !== undefined && compareTables(prev, table) >= 0) {
      throw new StateFormatError(`${where} (mark ${mark}, ${protocol}) is out of order or repeated: tables are sorted by mark, then ICMP, UDP, TCP`);
    }
    if (transportAddressCount(table.runs) > MAX_TABLE_TRANSPORT_ADDRESSES) {
      throw new StateFormatError(`${where} holds more than ${MAX_TABLE_TRANSPORT_ADDRESSES} transport addresses`);
    }
    if (table.runs.length > 0) tables.push(table);
    prev = table;
  });
  return { tables };
}

function parseRuns(items: unknown[], protocol: Protocol, where: string): Run[] {
  const runs: Run[] = [];
  const lowest = protocol === 'ICMP' ? 0 : 1;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const at = `${where}.runs[${i}]`;
    if (typeof item !== 'string') throw new StateFormatError(`${at} is not a string`);
    const run = parseRun(item);
    if (typeof run === 'string') throw new StateFormatError(`${at} ${quote(item)}: ${run}`);
    if (run.ports[0][0] < lowest) throw new StateFormatError(`${at} ${quote(item)}: ${protocol} has no port 0`);
    const prev = runs[runs.length - 1];
    if (prev !== undefined && prev.last >= run.first) {
      throw new StateFormatError(`${at} ${quote(item)} overlaps or comes before the run above it: runs are sorted by address and disjoint`);
    }
    // A hand-edited file may split what could be one run; accept it and keep the invariant.
    if (prev !== undefined && prev.last + 1 === run.first && samePorts(prev.ports, run.ports)) {
      runs[runs.length - 1] = { first: prev.first, last: run.last, ports: prev.ports };
    } else {
      runs.push(run);
    }
  }
  return runs;
}

/** A run, or what is wrong with it. */
function parseRun(text: string): Run | string {
  const space = text.indexOf(' ');
  if (space < 0) return 'expected "<addresses> <port ranges>"';
  const addresses = text.slice(0, space);
  const dash = addresses.indexOf('-');
  const first = parseAddress(dash < 0 ? addresses : addresses.slice(0, dash));
  const last = dash < 0 ? first : parseAddress(addresses.slice(dash + 1));
  if (first === undefined || last === undefined) return 'the addresses are not "a.b.c.d" or "a.b.c.d-e.f.g.h"';
  if (first > last) return 'the first address is above the last';
  const ports: PortRange[] = [];
  for (const part of text.slice(space + 1).split(',')) {
    const range = parsePortRangeStrict(part);
    if (range === undefined) return `${quote(part)} is not a port range "min-max" within 0-${MAX_PORT}`;
    const prev = ports[ports.length - 1];
    if (prev !== undefined && prev[1] >= range[0]) return 'its port ranges overlap or are out of order';
    if (prev !== undefined && prev[1] + 1 === range[0]) ports[ports.length - 1] = [prev[0], range[1]];
    else ports.push(range);
  }
  return { first, last, ports };
}

function parsePortRangeStrict(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (m === null) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max > MAX_PORT || min > max) return undefined;
  return [min, max];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

