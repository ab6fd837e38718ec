/**
 * The validating reader: any JSON layout, versions 1 to 3, every rule checked, and the first
 * problem named with where it is. Files jool wrote itself are read faster by read-layout.ts; this
 * one reads the rest (hand-edited files, version 1) and explains what is wrong.
 */
import { DEFAULT_INSTANCE, type Instance, type State } from '../instance/instances.js';
import { compareTables, PROTOCOLS, type MaxIterations, type Protocol, type Table } from '../pool4/pool.js';
import { wrap } from '../pool4/counter.js';
import type { Runs } from '../pool4/table.js';
import { printable, quote } from '../quote.js';
import { EMPTY_BIB, type Bib } from '../bib/bib.js';
import { BibCollector, parseBibLine } from './bib-text.js';
import { FORMAT, VERSION } from './layout.js';
import { RunReader } from './runs-text.js';
import { checkCounter, checkInstanceHead, checkIterations, checkMark, checkProtocol, checkTable, isObject, StateFormatError } from './validate.js';

export function readJson(text: string): State {
  if (text.trim() === '') throw new StateFormatError('the file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateFormatError(`it is not valid JSON (${printable((e as Error).message)})`);
  }
  if (!isObject(doc)) throw new StateFormatError('it is not a JSON object');
  if (doc.format !== FORMAT) throw new StateFormatError(`"format" is not "${FORMAT}": this is not a jool pool4 state file`);
  if (doc.version === 1) return readVersion1(doc);
  if (doc.version !== 2 && doc.version !== 3 && doc.version !== VERSION) {
    if (typeof doc.version === 'number' && Number.isInteger(doc.version) && doc.version > VERSION) {
      throw new StateFormatError(`it has format version ${doc.version}, written by a newer jool; this jool reads versions 1 to ${VERSION}`);
    }
    throw new StateFormatError(`"version" is ${printable(JSON.stringify(doc.version) ?? 'missing')}; this jool reads versions 1 to ${VERSION}`);
  }
  const version = doc.version;
  if (!Array.isArray(doc.instances)) throw new StateFormatError('"instances" is not an array');
  const seen = new Set<string>();
  const instances: Instance[] = doc.instances.map((o: unknown, i: number) => {
    const where = `instances[${i}]`;
    if (!isObject(o)) throw new StateFormatError(`${where} is not an object`);
    const head = checkInstanceHead(where, o, seen, version);
    if (version === VERSION) {
      if (!Array.isArray(o.runs)) throw new StateFormatError(`${where}.runs is not an array`);
      return { ...head, pool: { tables: readLines(o.runs, `${where}.runs`) }, bib: readBib(o.bib, `${where}.bib`) };
    }
    if (!Array.isArray(o.tables)) throw new StateFormatError(`${where}.tables is not an array`);
    return { ...head, pool: { tables: readTables(o.tables, `${where}.tables`, 2) }, bib: readBib(o.bib, `${where}.bib`) };
  });
  return { instances };
}

/** Version 1: one pool, which becomes the instance `default`, its tables `auto` with a true counter. */
function readVersion1(doc: Record<string, unknown>): State {
  if (!Array.isArray(doc.tables)) throw new StateFormatError('"tables" is not an array');
  return { instances: [{ name: DEFAULT_INSTANCE, pool: { tables: readTables(doc.tables, 'tables', 1) }, bib: EMPTY_BIB }] };
}

/** Version 3's static BIB: lines in any order (sorted here), none repeating an address of its protocol. */
function readBib(list: unknown, where: string): Bib {
  if (list === undefined) return EMPTY_BIB;
  if (!Array.isArray(list)) throw new StateFormatError(`${where} is not an array`);
  const collector = new BibCollector();
  list.forEach((item: unknown, i: number) => {
    const at = `${where}[${i}]`;
    if (typeof item !== 'string') throw new StateFormatError(`${at} is not a string`);
    const line = parseBibLine(item);
    const wrong = typeof line === 'string' ? line : collector.push(line);
    if (wrong !== undefined) throw new StateFormatError(`${at} ${quote(item)}${wrong.startsWith(':') ? '' : ' '}${wrong}`);
  });
  return collector.done();
}

function readTables(list: unknown[], at: string, version: 1 | 2): Table[] {
  const tables: Table[] = [];
  let previous: Table | undefined;
  list.forEach((t: unknown, i: number) => {
    const where = `${at}[${i}]`;
    if (!isObject(t)) throw new StateFormatError(`${where} is not an object`);
    const mark = checkMark(where, t.mark);
    const protocol = checkProtocol(where, t.protocol);
    if (!Array.isArray(t.runs)) throw new StateFormatError(`${where}.runs is not an array`);
    const runs = parseRuns(t.runs, protocol, where);
    const table: Table =
      version === 1
        ? { mark, protocol, runs, iterations: 'auto', counter: wrap(runs.transportAddresses()) }
        : { mark, protocol, runs, iterations: checkIterations(where, t['max-iterations']), counter: checkCounter(where, t.counter) };
    checkTable(where, table, previous);
    if (runs.length > 0) tables.push(table);
    previous = table;
  });
  return tables;
}

const LINE = /^(ICMP|UDP|TCP) (0|[1-9][0-9]{0,9}) (.*)$/s;
const SETTINGS = /^max-iterations (auto|infinity|[0-9]+) counter ([0-9]+)$/;

/**
 * Version 4's lines (run-lines.ts): by protocol, then mark, each table's settings (if any) first,
 * then its runs by address. "chunks" is not read: it is derived, and made anew on the next write.
 */
function readLines(items: unknown[], where: string): Table[] {
  const tables: Table[] = [];
  let reader: RunReader | undefined;
  let current: { protocol: Protocol; mark: number; iterations: MaxIterations; counter?: number; index: number } | undefined;
  const finish = () => {
    if (current === undefined) return;
    const runs = reader!.done();
    if (runs.length === 0) throw new StateFormatError(`${where}[${current.index}] is the settings of a table without runs (mark ${current.mark}, ${current.protocol})`);
    tables.push({ mark: current.mark, protocol: current.protocol, runs, iterations: current.iterations, counter: current.counter ?? wrap(runs.transportAddresses()) });
  };
  items.forEach((item, i) => {
    const at = `${where}[${i}]`;
    if (typeof item !== 'string') throw new StateFormatError(`${at} is not a string`);
    const m = LINE.exec(item);
    if (m === null) throw new StateFormatError(`${at} ${quote(item)} is not "<protocol> <mark> <addresses> <port ranges>" or "<protocol> <mark> max-iterations <n> counter <n>"`);
    const protocol = m[1] as Protocol;
    const mark = checkMark(at, Number(m[2]));
    const rest = m[3];
    const same = current !== undefined && current.protocol === protocol && current.mark === mark;
    if (!same) {
      if (current !== undefined && (PROTOCOLS.indexOf(protocol) < PROTOCOLS.indexOf(current.protocol) || (protocol === current.protocol && mark < current.mark))) {
        throw new StateFormatError(`${at} ${quote(item)} is out of order: lines are sorted by protocol (ICMP, UDP, TCP), then mark, then address`);
      }
      finish();
      current = { protocol, mark, iterations: 'auto', index: i };
      reader = new RunReader(protocol, 16);
    }
    const settings = SETTINGS.exec(rest);
    if (settings !== null) {
      if (same) throw new StateFormatError(`${at} ${quote(item)} comes after runs of its table: a table's settings come first, once`);
      current!.iterations = checkIterations(at, settings[1] === 'auto' || settings[1] === 'infinity' ? settings[1] : Number(settings[1]));
      current!.counter = checkCounter(at, Number(settings[2]));
      return;
    }
    const wrong = reader!.read(rest, 0, rest.length);
    if (wrong !== undefined) throw new StateFormatError(`${at} ${quote(item)}${wrong.startsWith(':') ? '' : ' '}${wrong}`);
  });
  finish();
  return tables.sort(compareTables);
}

function parseRuns(items: unknown[], protocol: Protocol, where: string): Runs {
  const reader = new RunReader(protocol, items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string') throw runProblem(where, i, item, 'is not a string');
    const wrong = reader.read(item, 0, item.length);
    if (wrong !== undefined) throw runProblem(where, i, item, wrong);
  }
  return reader.done();
}

function runProblem(where: string, i: number, item: unknown, what: string): StateFormatError {
  const shown = typeof item === 'string' ? ` ${quote(item)}` : '';
  return new StateFormatError(`${where}.runs[${i}]${shown}${what.startsWith(':') ? '' : ' '}${what}`);
}
