/** --check: the pool against the ephemeral port range, and BIB entries left outside pool4. */
import type { CheckRequest } from '../cli/requests.js';
import { EPHEMERAL_RANGE_FILE, hostEphemeralRange } from '../host/ephemeral.js';
import { formatCheck, formatOrphans } from '../output/check.js';
import type { Sink } from '../output/sink.js';
import { freeEphemeralRange, overlaps } from '../pool4/check.js';
import * as instances from '../instance/instances.js';
import { read } from '../state/store.js';
import * as bib from '../bib/bib.js';
import { asDiff } from './as-diff.js';
import { pool4View } from './instance-content.js';

const OK = 0;

/** Like diff: the report goes to stdout, and the status says whether anything overlaps. */
export function check(r: CheckRequest, out: Sink, rangeFile = EPHEMERAL_RANGE_FILE): number {
  return asDiff(() => checkOverlaps(r, out, rangeFile));
}

function checkOverlaps(r: CheckRequest, out: Sink, rangeFile: string): number {
  const ephemeral = r.ephemeral ?? hostEphemeralRange(rangeFile);
  const { pool, bib: entries } = instances.contentOf(read(r.state), r.instance);
  const found = overlaps(pool, ephemeral);
  const from = r.ephemeral === undefined ? rangeFile : '--ephemeral-range';
  out.write(formatCheck(found, ephemeral, from, found.length === 0 ? undefined : freeEphemeralRange(pool, ephemeral)));
  const lost = bib.isEmpty(entries) ? [] : bib.orphans(entries, pool4View(pool, r));
  out.write(formatOrphans(lost));
  return found.length === 0 && lost.length === 0 ? OK : 1;
}
