/**
 * --lookup: transport addresses to the marks whose tables hold them, the sample, and with --marks
 * the IPv6 sources that carry the mark. Like grep: 0 when every address is in pool4, 1 when one is
 * not, 2 for trouble.
 */
import type { LookupRequest } from '../cli/requests.js';
import { FileError } from '../formats/file-errors.js';
import * as instances from '../instance/instances.js';
import type { Evaluation } from '../marks/evaluate.js';
import { LookupIndex } from '../marks/lookup.js';
import { formatPrefix6 } from '../marks/prefix6.js';
import { LookupWriter, type Query } from '../output/lookup.js';
import type { Sink } from '../output/sink.js';
import { PROTOCOLS, type Protocol } from '../pool4/pool.js';
import { read, readSelection } from '../state/store.js';
import { asDiff } from './as-diff.js';
import { readRules } from './marks-files.js';
import { asFileProblem, readSource } from './sources.js';

export function lookup(r: LookupRequest, out: Sink): number {
  return asDiff(() => lookupAll(r, out));
}

function lookupAll(r: LookupRequest, out: Sink): number {
  const marks = r.marks.length === 0 ? undefined : readRules(r.marks, r.instance).evaluation;
  const text = 'source' in r.query ? readQueries(r.query.source) : undefined;
  // With a protocol flag, only that protocol's tables are read.
  const pool = r.protocols === undefined ? instances.contentOf(read(r.state), r.instance).pool : readSelection(r.state, { instance: r.instance, protocols: r.protocols });
  const index = new LookupIndex(pool);
  const writer = new LookupWriter(r.format, out, customersOf(marks));
  let missing = 0;
  const ask = (q: Query) => {
    const protocols = q.protocol !== undefined ? [q.protocol] : (r.protocols ?? PROTOCOLS);
    let found = false;
    for (const protocol of protocols) {
      const hits = index.find(protocol, q.address, q.port);
      if (hits.length > 0) found = true;
      writer.answer(q, protocol, hits, protocols.length === 1 || hits.length > 0);
    }
    if (!found) {
      missing++;
      if (protocols.length > 1) writer.answer(q, undefined, [], true);
    }
  };
  if (text === undefined) {
    const q = r.query as { address: number; port?: number };
    ask({ address: q.address, port: q.port, rest: '' });
  } else {
    const name = (r.query as { source: string }).source;
    forEachQuery(name === '-' ? 'standard input' : name, text, r.protocols, ask);
  }
  writer.end();
  return missing === 0 ? 0 : 1;
}

function readQueries(source: string): string {
  return asFileProblem(source === '-' ? 'standard input' : source, () => readSource(source)).toString('utf8');
}

/** The IPv6 sources of each mark, as text, computed when first asked. */
function customersOf(evaluation: Evaluation | undefined): ((mark: number) => string) | undefined {
  if (evaluation === undefined) return undefined;
  const byMark = new Map<number, string[]>();
  for (const part of evaluation.parts) {
    for (const o of part.outcomes) {
      if (o.dropped) continue;
      const text = formatPrefix6(part.prefix);
      const list = byMark.get(o.mark) ?? [];
      if (!list.includes(text)) list.push(text);
      byMark.set(o.mark, list);
    }
  }
  return (mark) => (byMark.get(mark) ?? []).join(' ');
}

/**
 * Lines of `address[#port] [port] [protocol] [anything else]`, split by blanks or commas: a log's
 * line, or a CSV row. A first line that does not start with a digit is a header; # starts a comment.
 */
function forEachQuery(file: string, text: string, flags: readonly Protocol[] | undefined, visit: (q: Query) => void): void {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    // The line is read in place, not sliced: a log may hold millions.
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const q = parseQuery(text, start, stop);
    if (typeof q === 'string') {
      if (line === 1 && !/^\s*[0-9]/.test(text.slice(start, stop))) {
        start = end + 1;
        continue;
      }
      throw new FileError(file, `line ${line}`, q);
    }
    start = end + 1;
    if (q === undefined) continue;
    if (flags !== undefined && q.protocol !== undefined && !flags.includes(q.protocol)) {
      throw new FileError(file, `line ${line}`, `the line says ${q.protocol}, but the command line asks for ${flags[0]}`);
    }
    visit(q);
  }
}

/** The line raw[i..n): undefined for a blank or comment line; a string says what is wrong. */
function parseQuery(raw: string, i: number, n: number): Query | string | undefined {
  const from = i;
  while (i < n && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
  if (i === n || raw.charCodeAt(i) === 35) return undefined;
  // The address: four octets, by hand (a million lines).
  let address = 0;
  for (let octet = 0; octet < 4; octet++) {
    const v = number(raw, i, n);
    if (v === undefined || v.end - i > 3 || v.value > 255 || (v.end - i > 1 && raw.charCodeAt(i) === 48)) return `'${field(raw, from, n)}' is not an IPv4 address`;
    address = address * 256 + v.value;
    i = v.end;
    if (octet < 3) {
      if (i >= n || raw.charCodeAt(i) !== 46) return `'${field(raw, from, n)}' is not an IPv4 address`;
      i++;
    }
  }
  let port: number | undefined;
  const c = i < n ? raw.charCodeAt(i) : -1;
  if (c === 35 || c === 58) {
    i++;
    const p = number(raw, i, n);
    if (p === undefined) return `'${field(raw, from, n)}' has no port of 0 to 65535 after its ${String.fromCharCode(c)}`;
    port = p.value;
    i = p.end;
  }
  let protocol: Protocol | undefined;
  // Then a port (if none yet) and a protocol, in either order; the rest is carried through.
  for (let k = 0; k < 2; k++) {
    const s = skip(raw, i, n);
    if (s === n) return { address, port, protocol, rest: '' };
    const e = wordEnd(raw, s, n);
    const p = protocolAt(raw, s, e);
    if (p !== undefined && protocol === undefined) {
      protocol = p;
      i = e;
      continue;
    }
    const num = port === undefined ? number(raw, s, n) : undefined;
    if (num !== undefined && num.end === e) {
      port = num.value;
      i = e;
      continue;
    }
    break;
  }
  const s = skip(raw, i, n);
  if (s !== i || s === n) return { address, port, protocol, rest: s === n ? '' : raw.slice(s, n) };
  return `'${field(raw, from, n)}' is not an IPv4 address with an optional #port`;
}

/** tcp, udp or icmp in any case, without a string for the word. */
function protocolAt(raw: string, s: number, e: number): Protocol | undefined {
  const length = e - s;
  if (length !== 3 && length !== 4) return undefined;
  const word = raw.slice(s, e).toUpperCase();
  return word === 'TCP' || word === 'UDP' || word === 'ICMP' ? word : undefined;
}

function skip(raw: string, i: number, n: number): number {
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 44) break;
    i++;
  }
  return i;
}

function wordEnd(raw: string, i: number, n: number): number {
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 9 || c === 44) break;
    i++;
  }
  return i;
}

function number(raw: string, i: number, n: number): { value: number; end: number } | undefined {
  let v = 0;
  let digits = 0;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + c - 48;
    digits++;
    i++;
  }
  return digits === 0 || digits > 5 || v > 65535 ? undefined : { value: v, end: i };
}

function field(raw: string, from: number, n: number): string {
  const s = skip(raw, from, n);
  return raw.slice(s, wordEnd(raw, s, n)).slice(0, 60);
}
