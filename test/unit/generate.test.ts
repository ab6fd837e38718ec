// A generated per-customer pool (marks/generate.ts), with the rules written for it
// (marks/rules-text.ts): applied, every transport address of the prefix and ports names exactly its
// customer, and --check's marks report is clean.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMarks } from '../../src/formats/marks-file';
import { checkMarks } from '../../src/marks/check';
import { evaluate } from '../../src/marks/evaluate';
import { DoesNotFit, layOut } from '../../src/marks/generate';
import { LookupIndex } from '../../src/marks/lookup';
import { formatPrefix6, within } from '../../src/marks/prefix6';
import { rulesText, subPrefixes } from '../../src/marks/rules-text';
import { firstOf, lastOf } from '../../src/pool4/addresses';
import { addAll, EMPTY_POOL, PROTOCOLS, type Protocol } from '../../src/pool4/pool';

const FREE = { limitPrefix: false, refuseReserved: false, unlimited: true };
const BASE = 0xc6336400; // 198.51.100.0

const scenario = fc.record({
  // Customers: a /48's sub-prefixes of 0 to 7 bits more (1 to 128 customers), marks from an offset.
  width: fc.integer({ min: 0, max: 7 }),
  // Sub-prefixes of /64 meet MARKSRCRANGE's defect, so their rules are an nftables map past 16 customers.
  at64: fc.boolean(),
  offset: fc.integer({ min: 1, max: 100000 }),
  v4length: fc.integer({ min: 29, max: 32 }),
  min: fc.integer({ min: 1, max: 2000 }),
  span: fc.integer({ min: 1, max: 600 }),
  protocols: fc.subarray([...PROTOCOLS], { minLength: 1 }),
  excluded: fc.option(fc.tuple(fc.integer({ min: 1, max: 2600 }), fc.integer({ min: 0, max: 300 })), { nil: undefined }),
});

describe('a generated pool', () => {
  it('gives every customer an equal, disjoint block: each transport address names exactly its customer, and the check is clean', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const length = s.at64 ? 64 - s.width : 48;
        const customers = { prefix: { address: 0x20010db8004200000000000000000000n, length }, subLength: length + s.width, offset: s.offset };
        const subs = subPrefixes(customers);
        const prefix = { address: BASE, length: s.v4length };
        const ports = [s.min, s.min + s.span - 1] as const;
        const excluded = s.excluded === undefined ? undefined : ([s.excluded[0], s.excluded[0] + s.excluded[1]] as const);
        let layout: ReturnType<typeof layOut>;
        try {
          layout = layOut(
            subs.map((c) => c.mark),
            prefix,
            ports,
            s.protocols as Protocol[],
            excluded,
          );
        } catch (e) {
          if (!(e instanceof DoesNotFit)) throw e;
          // Refused only when the customers outnumber the transport addresses.
          expect(e.customers).toBeGreaterThan(e.addresses * e.ports);
          return;
        }
        const pool = addAll(EMPTY_POOL, layout.entries, FREE);
        const index = new LookupIndex(pool);
        const rules = readMarks('rules', rulesText(customers));
        const evaluation = evaluate(rules);
        const owner = new Map<number, string>();
        for (const p of evaluation.parts) for (const o of p.outcomes) if (o.setBy !== undefined) owner.set(o.mark, formatPrefix6(p.prefix));
        const seen = new Map<number, number>();
        for (const protocol of s.protocols as Protocol[]) {
          for (let a = firstOf(prefix); a <= lastOf(prefix); a++) {
            for (let port = ports[0]; port <= ports[1]; port++) {
              const hits = index.find(protocol, a, port);
              expect(hits.length).toBeLessThanOrEqual(1);
              if (hits.length === 0) continue;
              // Never a port of the excluded range, and the mark's customer is the sub-prefix that carries it.
              if (excluded !== undefined) expect(port < excluded[0] || port > excluded[1]).toBe(true);
              const customer = subs.find((c) => c.mark === hits[0].mark);
              expect(customer).toBeDefined();
              expect(owner.get(hits[0].mark)).toBe(formatPrefix6(customer!.prefix));
              expect(within(customer!.prefix, customers.prefix)).toBe(true);
              if (protocol === s.protocols[0]) seen.set(hits[0].mark, (seen.get(hits[0].mark) ?? 0) + 1);
            }
          }
        }
        // Every customer got a block, and all blocks are the same size.
        expect(seen.size).toBe(subs.length);
        expect(new Set(seen.values()).size).toBe(1);
        expect([...seen.values()][0]).toBe(layout.addressesEach * layout.portsEach);
        // Traffic nobody marks carries mark 0: with a table for it beside the customers' (as docs/marks.md adds one), the check is clean.
        const deployed = addAll(pool, [{ mark: 0, protocols: PROTOCOLS, prefix: { address: 0xcb007101, length: 32 }, ports: [1, 10] }], FREE);
        const report = checkMarks(deployed, evaluation);
        const others = PROTOCOLS.filter((p) => !s.protocols.includes(p));
        // What the pool was not asked to hold is missing for every customer, and nothing else is.
        expect(report.missing.map((m) => `${m.mark} ${m.protocols.join('/')}`)).toEqual(others.length === 0 ? [] : subs.map((c) => `${c.mark} ${others.join('/')}`));
        expect(report.unreached).toEqual([]);
        expect(report.sharedTotal).toBe(0);
        expect(report.defects).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('the lookup index', () => {
  it('finds exactly the samples that hold an address and port, whatever overlaps the tables have', () => {
    const entry = fc.record({
      mark: fc.integer({ min: 0, max: 5 }),
      protocol: fc.constantFrom(...PROTOCOLS),
      first: fc.integer({ min: 0, max: 40 }),
      size: fc.integer({ min: 0, max: 6 }),
      min: fc.integer({ min: 1, max: 60 }),
      span: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const pool = addAll(
          EMPTY_POOL,
          entries.flatMap((e) => {
            const out = [];
            // A run of first..first+size as /32s: overlapping rectangles in any shape.
            for (let a = e.first; a <= e.first + e.size; a++) out.push({ mark: e.mark, protocols: [e.protocol], prefix: { address: BASE + a, length: 32 }, ports: [e.min, e.min + e.span] as const });
            return out;
          }),
          FREE,
        );
        const index = new LookupIndex(pool);
        for (const protocol of PROTOCOLS) {
          for (let a = BASE; a <= BASE + 47; a++) {
            for (let port = 0; port <= 82; port += 3) {
              const expected: string[] = [];
              for (const t of pool.tables) {
                if (t.protocol !== protocol) continue;
                for (let i = 0; i < t.runs.length; i++) {
                  if (a < t.runs.firsts[i] || a > t.runs.lasts[i]) continue;
                  for (const [min, max] of t.runs.ports[i]) if (port >= min && port <= max) expected.push(`${t.mark} ${min}-${max}`);
                }
              }
              expect(index.find(protocol, a, port).map((h) => `${h.mark} ${h.min}-${h.max}`)).toEqual(expected.sort());
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
