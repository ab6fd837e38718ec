/**
 * --plan's BIB half: the entries to remove and to add so that one BIB becomes another, and which
 * pool4 removes must carry --quick so as not to take entries the plan keeps. Pure.
 */
import { lastOf } from '../pool4/addresses.js';
import type { Step, Syntax } from '../pool4/plan.js';
import { PROTOCOLS, type Protocol } from '../pool4/pool.js';
import { BIB_PROTOCOLS, inPool4, type Bib, type BibEntry, type Pool4View } from './bib.js';

export interface BibStep {
  readonly op: 'remove' | 'add';
  readonly protocol: Protocol;
  readonly entry: BibEntry;
}

/** The desired BIB holds an entry outside the desired pool4, which no command can add. */
export class OrphanInPlan extends Error {
  constructor(
    readonly protocol: Protocol,
    readonly entry: BibEntry,
  ) {
    super('orphan');
  }
}

export interface BibPlan {
  readonly removes: BibStep[];
  readonly adds: BibStep[];
  /** Entries in both, which no pool4 remove may take. */
  readonly kept: BibStep[];
}

/** An entry is kept only when both its sides are the same; any other entry of current is removed first. */
export function planBib(current: Bib, desired: Bib, desiredPool4: Pool4View): BibPlan {
  const plan: BibPlan = { removes: [], adds: [], kept: [] };
  for (const protocol of BIB_PROTOCOLS) {
    const wanted = new Set(desired[protocol].map(text));
    const had = new Set(current[protocol].map(text));
    for (const entry of current[protocol]) (wanted.has(text(entry)) ? plan.kept : plan.removes).push({ op: 'remove', protocol, entry });
    for (const entry of desired[protocol]) {
      if (had.has(text(entry))) continue;
      if (!inPool4(desiredPool4, protocol, entry.address4, entry.port4)) throw new OrphanInPlan(protocol, entry);
      plan.adds.push({ op: 'add', protocol, entry });
    }
  }
  return plan;
}

function text(e: BibEntry): string {
  return `${e.address4}#${e.port4} ${e.address6}#${e.port6}`;
}

/**
 * Whether a pool4 remove would take a kept entry with it: Jool 3 cleans all three tables, Jool 4
 * the remove's protocol (bib-facts 5).
 */
export function needsQuick(step: Step, kept: readonly BibStep[], syntax: Syntax): boolean {
  if (step.op !== 'remove') return false;
  const cascade: readonly Protocol[] = syntax === 'jool3' ? PROTOCOLS : step.protocols;
  const first = step.prefix.address;
  const last = lastOf(step.prefix);
  return kept.some(({ protocol, entry: e }) => cascade.includes(protocol) && e.address4 >= first && e.address4 <= last && e.port4 >= step.range[0] && e.port4 <= step.range[1]);
}
