/** The static BIB and the sessions, for both syntaxes. */
import type { BibAddRequest, BibCountRequest, BibDisplayRequest, BibRemoveRequest, SessionCountRequest, SessionDisplayRequest } from '../cli/requests.js';
import type { Sink } from '../output/sink.js';
import { has } from '../releases/releases.js';
import * as instances from '../instance/instances.js';
import { read } from '../state/store.js';
import * as bib from '../bib/bib.js';
import { resolveNames, type Names, type Resolver } from '../formats/names.js';
import { formatSessionsJool3, formatSessionsJool4, formatTableCounts, writeBibJool3, writeBibJool4 } from '../output/bib.js';
import type { Protocol } from '../pool4/pool.js';
import { hasMarklessTree, onContent, pool4View } from './instance-content.js';

const OK = 0;

/** A BIB remove needs nothing of pool4: none of its runs is read. */
const NO_POOL4 = (r: BibRemoveRequest) => ({ instance: r.instance, protocols: [], first: 0, last: 0 });

/** Prints the BIB; with names, once the resolver has answered (or the deadline passed). */
export function bibDisplay(r: BibDisplayRequest, out: Sink, resolver: () => Resolver, warn: (line: string) => void): number | Promise<number> {
  const entries = instances.bibOf(read(r.state), r.instance);
  const write = (names: Names | undefined) => {
    if (r.dialect === 'jool3') writeBibJool3(entries, r.protocols, r.csv, r.headers, names, out);
    else writeBibJool4(entries, r.protocols[0], r.csv, r.headers, names, out);
    return OK;
  };
  if (r.numeric || r.protocols.every((p) => bib.countOf(entries, p) === 0)) return write(undefined);
  const addresses = r.protocols.flatMap((p) => entries[p].map((e) => e.address6));
  return resolveNames(addresses, resolver()).then(({ names, warning }) => {
    if (warning !== undefined) warn(warning);
    return write(names);
  });
}

export function bibCount(r: BibCountRequest, out: Sink): number {
  const entries = instances.bibOf(read(r.state), r.instance);
  out.write(formatTableCounts(r.protocols.map((p) => [p, bib.countOf(entries, p)])));
  return OK;
}

/** Into every protocol named, or none: Jool 3 would add to the protocols that accept it. */
export function bibAdd(r: BibAddRequest, out: Sink): number {
  const entry = bib.entryOf(r.taddr4, r.taddr6);
  // Jool 4, and Jool 3 from 3.5.0 (version-facts B2), take an identical entry again in silence.
  const rules = { identicalIsOk: r.dialect === 'jool4' || has(r.jool3, 'bib-readd-silent') };
  onContent(
    r,
    (pool, entries, holes) => {
      // Jool 4 and 3.5 ask their mark-less tree; the seed, its tables.
      const view = pool4View(pool, r, hasMarklessTree(r.dialect, r.jool3) ? holes : undefined);
      let after = entries;
      for (const protocol of r.protocols) after = bib.add(after, protocol, entry, view, rules);
      return { pool, bib: after };
    },
    { instance: r.instance, protocols: r.protocols, first: r.taddr4.address, last: r.taddr4.address, others: true },
  );
  if (r.dialect === 'jool3') out.write(r.protocols.map((p) => `${p}:\nThe BIB entry was added successfully.\n`).join(''));
  return OK;
}

/**
 * Jool 3 removes the entry from each protocol that has it; the others print their heading alone
 * (Jool's error for them goes to stderr). Refused when none has it, or one binds it to another address.
 */
export function bibRemove(r: BibRemoveRequest, out: Sink): number {
  let removed: Protocol[] = [];
  onContent(
    r,
    (pool, entries) => {
      removed = [];
      let after = entries;
      for (const protocol of r.protocols) {
        try {
          after = bib.remove(after, protocol, r.taddr4, r.taddr6);
          removed.push(protocol);
        } catch (e) {
          if (!(e instanceof bib.BibError) || e.refusal.kind !== 'not-found') throw e;
        }
      }
      if (removed.length === 0) throw new bib.BibError({ kind: 'not-found', protocols: r.protocols, taddr4: r.taddr4, taddr6: r.taddr6 });
      return { pool, bib: after };
    },
    NO_POOL4(r),
  );
  if (r.dialect === 'jool3') out.write(r.protocols.map((p) => `${p}:\n${removed.includes(p) ? 'The BIB entry was removed successfully.\n' : ''}`).join(''));
  return OK;
}

/** There is never traffic here, so the session tables are always empty. */
export function sessionDisplay(r: SessionDisplayRequest, out: Sink): number {
  out.write(r.dialect === 'jool3' ? formatSessionsJool3(r.protocols, r.csv, r.headers) : formatSessionsJool4(r.csv, r.headers));
  return OK;
}

export function sessionCount(r: SessionCountRequest, out: Sink): number {
  // 3.5 prints the numbers alone (version-facts S1).
  out.write(has(r.jool3, 'session-count-bare') ? r.protocols.map(() => '0\n').join('') : formatTableCounts(r.protocols.map((p) => [p, 0])));
  return OK;
}
