/**
 * The firewall rules that give each customer its mark, for --generate --rules: plain MARK lines
 * for a few customers, one MARKSRCRANGE rule where its arithmetic holds, an nftables map where
 * MARKSRCRANGE's defect would bite. Pure.
 */
import { intendedSrcRange, markSrcRange, probeAddress } from './arithmetic.js';
import { formatPrefix6, sizeOf, type Prefix6 } from './prefix6.js';

/** Up to this many customers, one MARK rule each reads best. */
const MARK_LINES_UP_TO = 16;

export interface Customers {
  readonly prefix: Prefix6;
  readonly subLength: number;
  readonly offset: number;
}

export function subPrefixes(c: Customers): { prefix: Prefix6; mark: number }[] {
  const step = sizeOf({ address: 0n, length: c.subLength });
  const count = 2 ** (c.subLength - c.prefix.length);
  const out: { prefix: Prefix6; mark: number }[] = [];
  for (let i = 0; i < count; i++) out.push({ prefix: { address: c.prefix.address + BigInt(i) * step, length: c.subLength }, mark: c.offset + i });
  return out;
}

/** Whether MARKSRCRANGE gives every real source of these customers its intended mark. */
function srcRangeHolds(c: Customers): boolean {
  for (const { prefix } of subPrefixes(c).slice(0, 2)) {
    const probe = probeAddress(prefix);
    if (markSrcRange(probe, c.prefix.length, c.subLength, c.offset) !== intendedSrcRange(probe, c.prefix.length, c.subLength, c.offset)) return false;
  }
  return true;
}

export function rulesText(c: Customers): string {
  const subs = subPrefixes(c);
  const head = `# ${subs.length} ${subs.length === 1 ? 'customer' : 'customers'}: each /${c.subLength} of ${formatPrefix6(c.prefix)}, marks ${c.offset} to ${c.offset + subs.length - 1}.\n`;
  if (subs.length <= MARK_LINES_UP_TO) {
    return `${head}${subs.map((s) => `ip6tables -t mangle -A PREROUTING -s ${formatPrefix6(s.prefix)} -j MARK --set-mark ${s.mark}\n`).join('')}`;
  }
  if (srcRangeHolds(c)) {
    return `${head}# MARKSRCRANGE (github.com/NICMx/mark-src-range) computes each mark from the source address.\nip6tables -t mangle -A PREROUTING -s ${formatPrefix6(c.prefix)} -j MARKSRCRANGE --mark-offset ${c.offset} --sub-prefix-len ${c.subLength}\n`;
  }
  const elements = subs.map((s) => `${formatPrefix6(s.prefix)} : ${s.mark}`);
  return (
    `${head}# MARKSRCRANGE would give real addresses wrong marks with --sub-prefix-len ${c.subLength} (it ORs in the next 32 bits), so an nftables map; load it with nft -f.\n` +
    'table ip6 jool_customers {\n' +
    '\tmap customers {\n\t\ttype ipv6_addr : mark\n\t\tflags interval\n' +
    `\t\telements = { ${elements.join(',\n\t\t\t     ')} }\n\t}\n\n` +
    '\tchain prerouting {\n\t\ttype filter hook prerouting priority mangle; policy accept;\n\t\tmeta mark set ip6 saddr map @customers\n\t}\n}\n'
  );
}
