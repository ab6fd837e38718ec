/**
 * --lookup's answers, one per (address, protocol, mark): tab-separated text, CSV, or a JSON array.
 * Buffered: a log may ask a million times.
 */
import type { Hit } from '../marks/lookup.js';
import { formatAddress } from '../pool4/addresses.js';
import type { Protocol } from '../pool4/pool.js';
import type { Sink } from './sink.js';

export interface Query {
  readonly address: number;
  readonly port?: number;
  readonly protocol?: Protocol;
  /** What the line held after the address, port and protocol: a time, say. */
  readonly rest: string;
}

const LOOKUP_CSV_HEADER = 'Address,Port,Protocol,Mark,Sample address,Min port,Max port,Customer,Carried';

const FLUSH_AT = 1 << 16;

export class LookupWriter {
  private buffer = '';
  private first = true;
  /** Addresses as text: a pool holds few, and a log names them again and again. */
  private readonly names = new Map<number, string>();

  constructor(
    private readonly format: 'text' | 'csv' | 'json',
    private readonly out: Sink,
    private readonly customers: ((mark: number) => string) | undefined,
  ) {
    if (format === 'csv') this.buffer = `${LOOKUP_CSV_HEADER}\n`;
    if (format === 'json') this.buffer = '[';
  }

  /** The hits of one protocol; with none, a "not in pool4" line when shown is set. */
  answer(q: Query, protocol: Protocol | undefined, hits: readonly Hit[], shown: boolean): void {
    if (hits.length === 0) {
      if (shown) this.line(q, protocol, undefined);
    } else {
      for (const h of hits) this.line(q, protocol, h);
    }
    if (this.buffer.length > FLUSH_AT) {
      this.out.write(this.buffer);
      this.buffer = '';
    }
  }

  end(): void {
    this.out.write(this.format === 'json' ? `${this.buffer}${this.first ? ']' : '\n]'}\n` : this.buffer);
    this.buffer = '';
  }

  private name(address: number): string {
    let text = this.names.get(address);
    if (text === undefined) {
      text = formatAddress(address);
      if (this.names.size < 1 << 16) this.names.set(address, text);
    }
    return text;
  }

  private line(q: Query, protocol: Protocol | undefined, h: Hit | undefined): void {
    const address = this.name(q.address);
    const port = q.port === undefined ? '' : String(q.port);
    const proto = protocol ?? 'any';
    const customer = h === undefined || this.customers === undefined ? '' : this.customers(h.mark);
    const sample = h === undefined ? '' : h.first === h.last ? this.name(h.first) : `${this.name(h.first)}-${this.name(h.last)}`;
    if (this.format === 'text') {
      const where = port === '' ? address : `${address}#${port}`;
      const found = h === undefined ? 'not in pool4' : `mark ${h.mark}\t${sample} ${h.min}-${h.max}\t${customer === '' ? '-' : customer}`;
      this.buffer += `${where}\t${proto}\t${found}${q.rest === '' ? '' : `\t${q.rest}`}\n`;
      return;
    }
    if (this.format === 'csv') {
      const cells = [address, port, proto, h === undefined ? '' : String(h.mark), sample, h === undefined ? '' : String(h.min), h === undefined ? '' : String(h.max), customer, q.rest];
      this.buffer += `${cells.map(csvCell).join(',')}\n`;
      return;
    }
    const item = {
      address,
      ...(q.port === undefined ? {} : { port: q.port }),
      protocol: proto,
      ...(h === undefined ? { mark: null } : { mark: h.mark, sample: { address: sample, 'port range': `${h.min}-${h.max}` } }),
      ...(this.customers === undefined || h === undefined ? {} : { customers: customer === '' ? [] : customer.split(' ') }),
      ...(q.rest === '' ? {} : { carried: q.rest }),
    };
    this.buffer += `${this.first ? '\n' : ',\n'}  ${JSON.stringify(item)}`;
    this.first = false;
  }
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
