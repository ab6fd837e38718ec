/** --generate: a per-customer pool, as a plan from the current pool, a Jool 4 file's pool4, or the rules that set the marks. */
import type { GenerateRequest } from '../cli/requests.js';
import { EXIT_REFUSED, JoolError, usageError } from '../errors.js';
import { parseMark } from '../formats/values.js';
import { quote } from '../quote.js';
import { EPHEMERAL_RANGE_FILE, ephemeralRangeOrDefault } from '../host/ephemeral.js';
import * as instances from '../instance/instances.js';
import { DoesNotFit, layOut } from '../marks/generate.js';
import { MAX_PARTS } from '../marks/evaluate.js';
import { parsePrefix6 } from '../marks/prefix6.js';
import { rulesText, subPrefixes } from '../marks/rules-text.js';
import { formatPlan } from '../output/plan.js';
import { writePool4Json } from '../output/json.js';
import type { Sink } from '../output/sink.js';
import { formatPrefix } from '../pool4/addresses.js';
import * as pool4 from '../pool4/pool.js';
import type { Protocol } from '../pool4/pool.js';
import { plan as planSteps } from '../pool4/plan.js';
import { planBib } from '../bib/plan.js';
import { inPool4, type Bib } from '../bib/bib.js';
import { has } from '../releases/releases.js';
import { read } from '../state/store.js';
import { hasMarklessTree, pool4View } from './instance-content.js';
import { readRules } from './marks-files.js';

export function generate(r: GenerateRequest, out: Sink, ephemeralFile = EPHEMERAL_RANGE_FILE): number {
  const list = r.customers === undefined ? undefined : markList(r.customers.prefix);
  const customers = r.customers === undefined || list !== undefined ? undefined : customersOf(r.customers);
  if (r.output === 'rules') {
    if (customers === undefined) throw usageError("--rules needs the customers' prefixes: --customers <IPv6 prefix> [--sub-prefix-len <n>], not a list of marks.");
    out.write(rulesText(customers));
    return 0;
  }
  const marks = list ?? (customers !== undefined ? subPrefixes(customers).map((s) => s.mark) : markedBy(r));
  // A Jool 4 plan or file meets 4.1.15's refusal of the ephemeral range; Jool 3 has none.
  const jool4 = r.output === 'json' || r.syntax === 'jool4';
  const excluded = jool4 && has(r.release, 'ephemeral-range-refusal') ? (r.ephemeral ?? ephemeralRangeOrDefault(ephemeralFile)) : undefined;
  let layout: ReturnType<typeof layOut>;
  try {
    layout = layOut(marks, r.prefix, r.ports, r.protocols, excluded);
  } catch (e) {
    if (!(e instanceof DoesNotFit)) throw e;
    throw new JoolError(
      EXIT_REFUSED,
      `${e.customers} customers need a transport address each, and ${formatPrefix(r.prefix)} with ports ${r.ports[0]}-${r.ports[1]}${excluded === undefined ? '' : ` less the ephemeral range ${excluded[0]}-${excluded[1]}`} holds ${e.addresses} x ${e.ports} = ${e.addresses * e.ports} per protocol.\nGive a larger prefix or port range, or fewer customers.`,
    );
  }
  const desired = pool4.addAll(pool4.EMPTY_POOL, layout.entries, { limitPrefix: false, refuseReserved: r.syntax === 'jool3' && r.output === 'plan', unlimited: true });
  const about = [
    `${marks.length} ${marks.length === 1 ? 'customer' : 'customers'} (marks ${marks[0]} to ${marks[marks.length - 1]}), ${r.protocols.join(', ')}: ${layout.addressesEach} ${layout.addressesEach === 1 ? 'address' : 'addresses'} and ${layout.portsEach} ports each.`,
    ...layout.leftovers.map((l) => `Left over: ${l}.`),
  ];
  if (r.output === 'json') {
    writePool4Json(desired.tables, about.join(' '), out);
    return 0;
  }
  const state = read(r.state);
  const current = instances.contentOf(state, r.instance);
  // BIB entries the new pool holds stay; the others go before pool4 changes.
  const view = pool4View(desired, r);
  const held = (p: Protocol) => current.bib[p].filter((e) => inPool4(view, p, e.address4, e.port4));
  const kept: Bib = { TCP: held('TCP'), UDP: held('UDP'), ICMP: held('ICMP') };
  const entries = planBib(current.bib, kept, view);
  const steps = planSteps(current.pool, desired, { syntax: r.syntax, ephemeral: excluded, holes: instances.holesOf(state, r.instance), tree: hasMarklessTree(r.syntax, r.jool3) });
  const script = formatPlan(steps, entries, [], r.syntax, r.instance, `--generate ${formatPrefix(r.prefix)}`);
  // What was laid out, and what is left over, among the script's own comments.
  const body = script.indexOf('set -e\n');
  out.write(`${script.slice(0, body)}${about.map((l) => `# ${l}\n`).join('')}${script.slice(body)}`);
  return 0;
}

function customersOf(c: NonNullable<GenerateRequest['customers']>) {
  const prefix = parsePrefix6(c.prefix);
  if (typeof prefix === 'string') throw usageError(`--customers: ${prefix}.`);
  if (c.subLength < prefix.length) throw usageError(`--sub-prefix-len ${c.subLength} is shorter than the customers' prefix /${prefix.length}.`);
  const count = 2 ** (c.subLength - prefix.length);
  if (count > MAX_PARTS) throw usageError(`--customers ${c.prefix} --sub-prefix-len ${c.subLength} makes ${count} customers; this program lays out at most ${MAX_PARTS}.`);
  if (c.offset + count - 1 > pool4.MAX_MARK) throw usageError(`--mark-offset ${c.offset} plus ${count} customers passes mark ${pool4.MAX_MARK}.`);
  return { prefix, subLength: c.subLength, offset: c.offset };
}

/** `--customers 1-4352,5000`: marks, each once, in order; undefined when text is not such a list. */
function markList(text: string): number[] | undefined {
  if (!/^[0-9][0-9,-]*$/.test(text)) return undefined;
  const marks = new Set<number>();
  for (const item of text.split(',')) {
    const [a, b = a] = item.split('-');
    const from = parseMark(a);
    const to = parseMark(b);
    if (from > to || to - from >= MAX_PARTS || marks.size + to - from >= MAX_PARTS)
      throw usageError(`--customers ${text}: ${quote(item)} is not a range of marks low-high (at most ${MAX_PARTS} customers).`);
    for (let m = from; m <= to; m++) marks.add(m);
  }
  return [...marks].sort((x, y) => x - y);
}

/** The marks the rules set, each once, in order. */
function markedBy(r: GenerateRequest): number[] {
  const { evaluation } = readRules(r.marks, r.instance);
  const marks = new Set<number>();
  for (const p of evaluation.parts) for (const o of p.outcomes) if (!o.dropped && o.setBy !== undefined) marks.add(o.mark);
  if (marks.size === 0) throw new JoolError(EXIT_REFUSED, `the rules of ${r.marks.join(', ')} set no mark: there are no customers to lay out.`);
  return [...marks].sort((a, b) => a - b);
}
