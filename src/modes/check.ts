/**
 * --check: the pool against the ephemeral port range, BIB entries left outside pool4, holes in
 * Jool's mark-less tree, marks lacking a protocol's table, and with --marks the firewall's marks.
 */
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
import { heldInHoles } from '../pool4/holes.js';
import { tableOf } from '../pool4/pool.js';
import { checkMarks, lopsided } from '../marks/check.js';
import { formatBigMarkNote, formatHoles, formatLopsided, formatMarksReport } from '../output/marks.js';
import { readRules } from './marks-files.js';
import { MAX_VALUEINT } from '../formats/mark-values.js';

const OK = 0;

/** Like diff: the report goes to stdout, and the status says whether anything overlaps. */
export function check(r: CheckRequest, out: Sink, rangeFile = EPHEMERAL_RANGE_FILE): number {
  return asDiff(() => checkOverlaps(r, out, rangeFile));
}

function checkOverlaps(r: CheckRequest, out: Sink, rangeFile: string): number {
  // The rules first: a file that cannot be read is trouble (2) before anything is reported.
  const marks = r.marks.length === 0 ? undefined : readRules(r.marks, r.instance);
  const ephemeral = r.ephemeral ?? hostEphemeralRange(rangeFile);
  const state = read(r.state);
  const { pool, bib: entries } = instances.contentOf(state, r.instance);
  const found = overlaps(pool, ephemeral);
  const from = r.ephemeral === undefined ? rangeFile : '--ephemeral-range';
  out.write(formatCheck(found, ephemeral, from, found.length === 0 ? undefined : freeEphemeralRange(pool, ephemeral)));
  const lost = bib.isEmpty(entries) ? [] : bib.orphans(entries, pool4View(pool, r));
  out.write(formatOrphans(lost));
  const holes = heldInHoles(instances.holesOf(state, r.instance), pool);
  out.write(formatHoles(holes));
  const uneven = lopsided(pool);
  out.write(formatLopsided(uneven, (mark, protocol) => tableOf(pool, mark, protocol)));
  let problems = found.length + lost.length + holes.length + uneven.length;
  if (marks !== undefined) {
    const report = checkMarks(pool, marks.evaluation);
    out.write(formatMarksReport(report, marks.rules.length, r.marks));
    problems += report.defects.length + report.missing.length + report.unreached.length + report.sharedTotal;
  }
  out.write(formatBigMarkNote([...new Set(pool.tables.filter((t) => t.mark > MAX_VALUEINT).map((t) => t.mark))]));
  return problems === 0 ? OK : 1;
}
