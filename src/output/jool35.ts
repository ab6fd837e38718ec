/**
 * `jool --pool4 --display` as Jool 3.5 prints it (usr/common/target/pool4.c at v3.5.0, v3.5.5,
 * v3.5.7; version-facts P1, P4, P5, P10): TCP, then UDP, then ICMP, each in descending mark order.
 * 3.5.0-3.5.4 print the seed's rows (CSV header once per protocol); 3.5.5 a table with two port
 * columns; 3.5.6 on Jool 4's table, all protocols in one, without Jool 4's fourth border.
 */
import type { Protocol, Table } from '../pool4/pool.js';
import { CSV_HEADER, JOOL4_CSV_HEADER } from '../formats/csv-headers.js';
import { forEachRow } from './rows.js';
import { csvTail, HEADER, iterationsCell, LATER_ROW, pad, SEPARATOR } from './jool4.js';
import type { Sink } from './sink.js';

export type Jool35Layout = 'rows' | 'two-ports' | 'ports';

const ORDER: readonly Protocol[] = ['TCP', 'UDP', 'ICMP'];

const TWO_PORTS = {
  separator: '+------------+-------+--------------------+-----------------+----------+----------+\n',
  header: '|       Mark | Proto |     Max iterations |         Address | Port min | Port max |\n',
  ports: (min: number, max: number) => `${pad(min, 8)} | ${pad(max, 8)} |\n`,
};
/** Jool 4's. */
const PORTS = { separator: SEPARATOR, header: HEADER, ports: (min: number, max: number) => `${pad(min, 5)}-${pad(max, 5)} |\n` };

/** Each protocol's tables, marks descending, as pool4_display_proto() asks for them. */
function byProtocol(tables: readonly Table[], protocol: Protocol): Table[] {
  return tables.filter((t) => t.protocol === protocol).sort((a, b) => b.mark - a.mark);
}

export function writeJool35(tables: readonly Table[], layout: Jool35Layout, csv: boolean, headers: boolean, out: Sink): void {
  if (layout === 'rows') {
    writeRows(tables, csv, out);
    return;
  }
  if (csv) {
    if (headers) out.write(`${JOOL4_CSV_HEADER.join(',')}\n`);
    for (const protocol of ORDER) {
      for (const t of byProtocol(tables, protocol)) {
        const tail = csvTail(t);
        forEachRow([t], (mark, p, address, min, max) => out.write(`${mark},${p},${address},${min},${max},${tail}\n`));
      }
    }
    return;
  }
  const look = layout === 'two-ports' ? TWO_PORTS : PORTS;
  if (headers) out.write(look.separator + look.header);
  let rows = 0;
  for (const protocol of ORDER) {
    for (const t of byProtocol(tables, protocol)) {
      let first: string | undefined = `${look.separator}| ${pad(t.mark, 10)} | ${pad(t.protocol, 5)} | ${iterationsCell(t)} | `;
      rows += forEachRow([t], (_mark, _protocol, address, min, max) => {
        out.write(`${first ?? LATER_ROW}${pad(address, 15)} | ${look.ports(min, max)}`);
        first = undefined;
      });
    }
  }
  out.write(look.separator);
  if (headers) out.write(rows === 0 ? '  (empty)\n' : `  (Fetched ${rows} samples.)\n`);
}

/** 3.5.0-3.5.4: the seed's rows in the tree's order; CSV's header before each protocol's rows, as each reply prints it. */
function writeRows(tables: readonly Table[], csv: boolean, out: Sink): void {
  let rows = 0;
  for (const protocol of ORDER) {
    if (csv) out.write(`${CSV_HEADER.join(',')}\n`);
    rows += forEachRow(byProtocol(tables, protocol), (mark, p, address, min, max) => {
      out.write(csv ? `${mark},${p},${address},${min},${max}\n` : `${mark}\t${p}\t${address}\t${min}-${max}\n`);
    });
  }
  if (!csv) out.write(rows === 0 ? '  (empty)\n' : `  (Fetched ${rows} samples.)\n`);
}
