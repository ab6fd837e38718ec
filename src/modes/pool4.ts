/** pool4's operations, for both syntaxes: display, count, add, remove (with the BIB cascade), flush. */
import { fill, NO_HOLES, punch } from '../pool4/holes.js';
import { has } from '../releases/releases.js';
import type { AddRequest, CountRequest, DisplayRequest, FlushRequest, Pool4UpdateRequest, RemoveRequest } from '../cli/requests.js';
import { EPHEMERAL_RANGE_FILE, ephemeralRangeOrDefault } from '../host/ephemeral.js';
import { formatCounts } from '../output/count.js';
import { writeCsv, writeTabs } from '../output/display.js';
import { writeJool4Csv, writeJool4Table } from '../output/jool4.js';
import { writeJool35 } from '../output/jool35.js';
import { writeJson } from '../output/json.js';
import type { Sink } from '../output/sink.js';
import { writeTable } from '../output/table.js';
import * as instances from '../instance/instances.js';
import * as pool4 from '../pool4/pool.js';
import { read, readCounts, readDescending, readSelection } from '../state/store.js';
import * as bib from '../bib/bib.js';
import { firstOf, lastOf } from '../pool4/addresses.js';
import { bibEntries, displayConfig } from './json.js';
import { focusOf, hasMarklessTree, onContent } from './instance-content.js';

const OK = 0;

export function display(r: DisplayRequest, out: Sink): number {
  if (r.all) return displayConfig(read(r.state), r, out);
  if (r.format === 'json') {
    const content = instances.contentOf(read(r.state), r.instance);
    writeJson(pool4.selectTables(content.pool, r.filter), bibEntries(content.bib, r.filter.protocols), out);
    return OK;
  }
  if ((r.format === 'jool4' || r.format === 'jool4-csv') && r.filter.mark === undefined && r.filter.protocols?.length === 1) {
    // Jool 4's display of one protocol, in its order, each table made as it is printed.
    const tables = readDescending(r.state, r.instance, r.filter.protocols[0]);
    if (r.format === 'jool4') writeJool4Table(tables, r.headers !== false, out, true);
    else writeJool4Csv(tables, r.headers !== false, out, true);
    return OK;
  }
  // Only the tables shown are read: one mark's, or one protocol's, of a pool of many.
  const tables = readSelection(r.state, { instance: r.instance, ...r.filter }).tables;
  if (has(r.jool3, 'tree-order') && (r.format === 'tabs' || r.format === 'csv')) {
    const layout = has(r.jool3, 'pool4-table-ports') ? 'ports' : has(r.jool3, 'pool4-table') ? 'two-ports' : 'rows';
    writeJool35(tables, layout, r.format === 'csv', r.headers !== false, out);
  } else if (r.format === 'jool4') writeJool4Table(tables, r.headers !== false, out);
  else if (r.format === 'jool4-csv') writeJool4Csv(tables, r.headers !== false, out);
  else ({ tabs: writeTabs, csv: writeCsv, table: writeTable })[r.format](tables, out);
  return OK;
}

export function count(r: CountRequest, out: Sink): number {
  out.write(formatCounts(readCounts(r.state, r.instance)));
  return OK;
}

export function add(r: AddRequest, out?: Sink, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  let rules: pool4.AddRules = { ...pool4.JOOL3_ADD(r.force), unlimited: has(r.jool3, 'no-overflow-check') };
  if (r.dialect === 'jool4') {
    // /proc is read only when the check can apply: TCP and UDP, without --force.
    const checked = !r.force && !r.entry.protocols.includes('ICMP') && has(r.release, 'ephemeral-range-refusal');
    rules = { limitPrefix: !r.force, refuseReserved: false, ephemeral: checked ? (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile)) : undefined };
  }
  try {
    onContent(r, (pool, entries, holes) => ({ pool: pool4.add(pool, r.entry, rules), bib: entries, holes: fill(holes, r.entry) }), focusOf(r, r.entry));
  } catch (e) {
    // Jool 3.5's client warns on stdout, once per protocol it asks for (pool4.c __add / pool4_add).
    if (out !== undefined && r.dialect === 'jool3' && has(r.jool3, 'globals-35') && e instanceof pool4.PoolRefusal && e.refusal.kind === 'needs-force') {
      out.write(r.entry.protocols.map(() => FORCE_WARNING).join(''));
    }
    throw e;
  }
  return OK;
}

const FORCE_WARNING =
  "Warning: You're adding lots of addresses, which might defeat the whole point of NAT64 over SIIT.\n" +
  'Also, and more or less as a consequence, addresses are stored in a linked list. Having too many addresses in pool4 sharing a mark is slow.\n' +
  'Consider using SIIT instead.\n' +
  'Will cancel the operation. Use --force to override this.\n';

/**
 * Unless --quick, the BIB entries of what is removed go too, whatever their mark (bib-facts 5). In
 * the Jool 4 syntax and under Jool 3.5 the range also leaves the mark-less tree, whatever other
 * marks hold (holes.ts).
 */
export function remove(r: RemoveRequest): number {
  const { prefix, ports } = r.entry;
  onContent(
    r,
    (pool, entries, holes) => {
      const after = pool4.remove(pool, r.entry);
      return {
        pool: after,
        bib: r.quick ? entries : bib.removeRange(entries, r.cascade, firstOf(prefix), lastOf(prefix), ports),
        ...(hasMarklessTree(r.dialect, r.jool3) ? { holes: punch(holes, r.entry, after) } : {}),
      };
    },
    focusOf(r, r.entry, hasMarklessTree(r.dialect, r.jool3)),
  );
  return OK;
}

/** Jool 3.5.5's --update: the tables' max iterations. */
export function update(r: Pool4UpdateRequest): number {
  // The tables' first lines are all it needs: a window anywhere finds them.
  onContent(r, (pool, entries) => ({ pool: pool4.setIterations(pool, r.mark, r.protocols, r.iterations), bib: entries }), {
    instance: r.instance,
    mark: r.mark,
    protocols: r.protocols,
    first: 0,
    last: 0,
  });
  return OK;
}

export function flush(r: FlushRequest): number {
  onContent(r, (_, entries) => ({ pool: pool4.EMPTY_POOL, bib: r.quick ? entries : bib.EMPTY_BIB, holes: NO_HOLES }));
  return OK;
}
