/** --import: a file that a real translator or this program wrote becomes the instance's pool4 and BIB. */
import type { ImportRequest } from '../cli/requests.js';
import { applyImport, ImportError, parseImport } from '../formats/import.js';
import { hostAddresses, onContent } from './instance-content.js';
import { readSource } from './sources.js';
import { fill, NO_HOLES } from '../pool4/holes.js';

const OK = 0;

export function importFile(r: ImportRequest): number {
  const source = r.source === '-' ? 'standard input' : r.source;
  const text = readSource(r.source).toString('utf8');
  try {
    const imported = parseImport(text, r.release);
    onContent(r, (pool, entries, holes) => ({
      ...applyImport({ pool, bib: entries }, imported, r.replace, () => hostAddresses(r)),
      // What is imported is added, so it is in Jool 4's mark-less tree again; a replaced pool has no holes.
      holes: r.replace ? NO_HOLES : imported.pool4.reduce((left, e) => fill(left, e.entry), holes),
    }));
  } catch (e) {
    if (e instanceof ImportError) throw e.in(source);
    throw e;
  }
  return OK;
}
