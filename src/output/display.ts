/** --display's two formats: Jool's tab-separated rows with a footer, and CSV. */
import type { Table } from '../pool4/pool.js';
import { CSV_HEADER } from '../formats/csv-headers.js';
import { forEachRow } from './rows.js';
import type { Sink } from './sink.js';

export function writeTabs(tables: readonly Table[], out: Sink): void {
  const rows = forEachRow(tables, (mark, protocol, address, min, max) => {
    out.write(`${mark}\t${protocol}\t${address}\t${min}-${max}\n`);
  });
  out.write(rows === 0 ? '  (empty)\n' : `  (Fetched ${rows} entries.)\n`);
}

const CSV_BATCH = 4096;

export function writeCsv(tables: readonly Table[], out: Sink): void {
  // Loaded here so that other commands do not pay for it at start-up.
  const { stringify } = require('csv-stringify/sync') as typeof import('csv-stringify/sync');
  out.write(stringify([CSV_HEADER]));
  let batch: (string | number)[][] = [];
  forEachRow(tables, (mark, protocol, address, min, max) => {
    batch.push([mark, protocol, address, min, max]);
    if (batch.length === CSV_BATCH) {
      out.write(stringify(batch));
      batch = [];
    }
  });
  if (batch.length > 0) out.write(stringify(batch));
}
