/**
 * What --check says of marks (with the firewall's rules and without), and the warnings of file
 * check about marks Jool reads otherwise than they are written.
 */
import type { Defect, Part } from '../marks/evaluate.js';
import type { MarksReport, Missing } from '../marks/check.js';
import { formatAddress6Of, formatPrefix6 } from '../marks/prefix6.js';
import { placeOf, type Origin } from '../marks/rules.js';
import { formatAddress, prefixesOf } from '../pool4/addresses.js';
import type { Protocol, Table } from '../pool4/pool.js';
import { quotePath } from '../quote.js';

const DROPPED = 'Jool drops them and counts JSTAT_MASK_DOMAIN_NOT_FOUND';

export function formatBigMarks(file: string, marks: readonly { where: string; mark: number }[]): string {
  return marks
    .map(
      (m) =>
        `Warning: ${quotePath(file)}, ${m.where}: Jool reads "mark": ${m.mark} as mark 0 (json2mark() takes cJSON's valueint, which stays 0 past 2147483647); this program keeps ${m.mark}. Set the mark with pool4 add --mark, or choose one below 2147483648.\n`,
    )
    .join('');
}

/** Marks a Jool 4 configuration file cannot carry: file handle reads them as 0 (formats/mark-values.ts MAX_VALUEINT). */
export function formatBigMarkNote(big: readonly number[]): string {
  if (big.length === 0) return '';
  const shown = big.slice(0, 10).join(', ') + (big.length > 10 ? `, and ${big.length - 10} more` : '');
  return `Note: ${big.length === 1 ? 'mark' : 'marks'} ${shown} cannot travel in a Jool 4 configuration file: file handle reads marks above 2147483647 as 0. Set ${big.length === 1 ? 'it' : 'them'} with pool4 add --mark on the translator.\n`;
}

/** The samples of a table, as add commands of another protocol (or mark): what would fill a gap like it. */
function addCommands(like: Table, mark: number, protocol: Protocol): string[] {
  const out: string[] = [];
  const { firsts, lasts, ports } = like.runs;
  for (let i = 0; i < like.runs.length; i++) {
    for (const prefix of prefixesOf(firsts[i], lasts[i])) {
      const force = prefix.length < 24 ? ' --force' : '';
      for (const [min, max] of ports[i]) {
        // TCP and UDP have no port 0: an ICMP identifier 0 starts their range at 1.
        const low = protocol !== 'ICMP' && min === 0 ? 1 : min;
        if (low > max) continue;
        out.push(`  jool --pool4 --add --mark ${mark} --${protocol.toLowerCase()} ${formatAddress(prefix.address)}/${prefix.length} ${low}-${max}${force}`);
      }
    }
  }
  return out;
}

/** Marks with tables in some protocols and not others: each missing protocol's packets of the mark are dropped. */
export function formatLopsided(found: readonly { mark: number; has: Protocol[]; lacks: Protocol[] }[], tableOf: (mark: number, p: Protocol) => Table | undefined): string {
  if (found.length === 0) return '';
  const lines = [
    `${found.length} ${found.length === 1 ? 'mark has' : 'marks have'} a table in some protocols only: packets of a missing protocol with ${found.length === 1 ? 'that mark' : 'those marks'} find no table (${DROPPED}):\n`,
  ];
  for (const f of found) lines.push(`  mark ${f.mark}: ${f.has.join(', ')}; no ${f.lacks.join(', ')}\n`);
  lines.push('Add the missing tables (here with the samples of a table the mark has), or remove the mark if those protocols are meant to be dropped:\n');
  for (const f of found) {
    const like = tableOf(f.mark, f.has[0]) as Table;
    for (const p of f.lacks) for (const c of addCommands(like, f.mark, p)) lines.push(`${c}\n`);
  }
  return lines.join('');
}

/** Ranges a table shows but Jool's mark-less tree lacks. */
export interface HolePiece {
  readonly mark: number;
  readonly protocol: Protocol;
  readonly first: number;
  readonly last: number;
  readonly ports: readonly [number, number];
}

export function formatHoles(pieces: readonly HolePiece[]): string {
  if (pieces.length === 0) return '';
  const one = pieces.length === 1;
  const lines = [
    `${pieces.length} ${one ? 'range' : 'ranges'} of pool4 ${one ? 'is' : 'are'} out of Jool's mark-less tree: a remove in another mark took ${one ? 'it' : 'them'} out (Jool 4, and Jool 3 from 3.5.0). Pool4 still shows ${one ? 'it' : 'them'}, but Jool drops incoming IPv4 packets to ${one ? 'it' : 'them'}, hairpinning through ${one ? 'it' : 'them'} fails, and bib add refuses ${one ? 'it' : 'them'}:\n`,
  ];
  const text = (p: HolePiece) => `${p.first === p.last ? formatAddress(p.first) : `${formatAddress(p.first)}-${formatAddress(p.last)}`}`;
  for (const p of pieces) lines.push(`  ${p.mark}\t${p.protocol}\t${text(p)}\t${p.ports[0]}-${p.ports[1]}\n`);
  lines.push('Add them again (an add of what a table holds changes no table; it puts the range back in the tree):\n');
  for (const p of pieces) {
    for (const prefix of prefixesOf(p.first, p.last)) {
      lines.push(
        `  jool --pool4 --add --mark ${p.mark} --${p.protocol.toLowerCase()} ${formatAddress(prefix.address)}/${prefix.length} ${p.ports[0]}-${p.ports[1]}${prefix.length < 24 ? ' --force' : ''}\n`,
      );
    }
  }
  return lines.join('');
}

export function formatMarksReport(report: MarksReport, rulesCount: number, files: readonly string[]): string {
  const lines: string[] = [];
  const named = files.map((f) => (f === '-' ? 'standard input' : quotePath(f))).join(', ');
  for (const d of report.defects) lines.push(defectText(d));
  if (report.missing.length > 0) {
    const one = report.missing.length === 1;
    lines.push(`${report.missing.length} ${one ? 'mark' : 'marks'} that packets carry and pool4 has no table for, in some protocol (${DROPPED}):\n`);
    for (const m of report.missing) lines.push(`  ${missingText(m)}\n`);
    lines.push(`Add ${one ? 'its tables' : 'their tables'}:\n`);
    for (const m of report.missing) {
      if (m.like !== undefined) {
        for (const p of m.protocols) for (const c of addCommands(m.like, m.mark, p)) lines.push(`${c}\n`);
      } else {
        const flags = m.protocols.length === 3 ? '' : ` ${m.protocols.map((p) => `--${p.toLowerCase()}`).join(' ')}`;
        lines.push(`  jool --pool4 --add --mark ${m.mark}${flags} <IPv4 prefix> <port range>\n`);
      }
    }
  }
  if (report.unreached.length > 0) {
    const one = report.unreached.length === 1;
    lines.push(`${report.unreached.length} ${one ? 'table' : 'tables'} of pool4 no rule gives any packet the mark of: ${one ? 'it is' : 'they are'} never used:\n`);
    for (const t of report.unreached) lines.push(`  mark ${t.mark} ${t.protocol} (${t.runs.transportAddresses()} transport addresses)\n`);
    lines.push(`Remove ${one ? 'it' : 'them'} (jool --pool4 --remove --mark M --tcp|--udp|--icmp 0.0.0.0/0), or give ${one ? 'its mark' : 'their marks'} to customers in the rules.\n`);
  }
  if (report.sharedTotal > 0) {
    lines.push(
      `${report.sharedTotal} ${report.sharedTotal === 1 ? 'range' : 'ranges'} of transport addresses held by two marks: their packets may leave with the same IPv4 address and port, and a logged address names two customers:\n`,
    );
    for (const s of report.shared) {
      const where = s.first === s.last ? formatAddress(s.first) : `${formatAddress(s.first)}-${formatAddress(s.last)}`;
      lines.push(`  ${s.protocol}\t${where}\t${s.ports[0]}-${s.ports[1]}\tmarks ${s.marks[0]} and ${s.marks[1]}\n`);
    }
    if (report.sharedTotal > report.shared.length) lines.push(`  ... and ${report.sharedTotal - report.shared.length} more\n`);
    lines.push('Give each mark its own addresses or ports (jool --pool4 --generate writes such a pool).\n');
  }
  const problems = report.defects.length + report.missing.length + report.unreached.length + report.sharedTotal;
  if (report.emptyPool) {
    lines.push(`pool4 is empty, so Jool masks every packet with the host's own addresses (ports 61001-65535), whatever the marks of ${named} say; they matter once pool4 holds something.\n`);
  } else if (problems === 0)
    lines.push(`The marks of ${named} (${rulesCount} ${rulesCount === 1 ? 'rule' : 'rules'}) all find their tables, every table is reached, and no two marks share a transport address.\n`);
  for (const c of report.capacity) {
    lines.push(
      `${c.protocol}: ${c.customers} marked ${c.customers === 1 ? 'customer' : 'customers'}; transport addresses each: fewest ${c.fewest.count} (mark ${c.fewest.mark}), median ${c.median}, most ${c.most.count} (mark ${c.most.mark}).\n`,
    );
  }
  return lines.join('');
}

function origin(o: Origin): string {
  return `${o.file === '-' ? 'standard input' : quotePath(o.file)}, ${placeOf(o)}`;
}

function partText(p: Part): string {
  if (p.prefix.length === 0 && p.carved > 0) return 'every other source';
  return `${formatPrefix6(p.prefix)}${p.carved > 0 ? ` (less ${p.carved} more specific ${p.carved === 1 ? 'prefix' : 'prefixes'})` : ''}`;
}

function missingText(m: Missing): string {
  const from = m.unmarked ? `unmarked traffic, from ${partText(m.part)}` : `from ${partText(m.part)}`;
  const more = m.parts > 1 ? ` and ${m.parts - 1} more ${m.parts === 2 ? 'prefix' : 'prefixes'}` : '';
  const conditions = m.part.outcomes.find((o) => o.mark === m.mark)?.conditions ?? [];
  const when = conditions.length > 0 ? ` when ${conditions.join(', ')}` : '';
  return `mark ${m.mark} ${m.protocols.join(', ')}: ${from}${more}${when}`;
}

function defectText(d: Defect): string {
  return (
    `${origin(d.origin)}: MARKSRCRANGE -s ${formatPrefix6(d.prefix)} --sub-prefix-len ${d.subLength} gives real addresses the wrong mark: ` +
    `${formatAddress6Of(d.example)} gets ${d.actual}, not ${d.intended} (its extract_bits() ORs in the 32 bits after /${d.subLength} when the length ends a 32-bit word; only addresses with those bits zero get the intended mark).\n` +
    '  Use an nftables map instead (jool --pool4 --generate --customers ... --rules writes one), or a --sub-prefix-len that is not 32, 64 or 96.\n'
  );
}
