/**
 * The one place where failures become text and an exit status (SPEC section 4). Modules below
 * throw facts (PoolRefusal, BibError, StateError, LockTimeout, BadValue); this turns them into words.
 */
import { formatAddress, formatPrefix } from './pool4/addresses.js';
import { BibError, EMPTY_POOL4_PORTS, type BibEntry, type BibRefusal } from './bib/bib.js';
import { OrphanInPlan } from './bib/plan.js';
import type { Protocol } from './pool4/pool.js';
import type { Transport4, Transport6 } from './formats/values.js';
import { MAX_TABLE_TRANSPORT_ADDRESSES, MAX_UNFORCED_ADDRESSES, PoolRefusal, type Refusal } from './pool4/pool.js';
import { LockTimeout } from './state/lock.js';
import { StateError } from './state/store.js';
import { BadValue } from './formats/values.js';
import { ImportError } from './formats/import.js';
import { EphemeralRangeError } from './host/ephemeral.js';
import { DEFAULT_INSTANCE, InstanceError, type InstanceRefusal } from './instance/instances.js';
import { Unplannable } from './pool4/plan.js';
import { FileError, FileProblems } from './formats/file-errors.js';
import { displayPrefix6, GlobalProblem } from './global/globals.js';
import { Pool6Differs } from './global/plan.js';
import { quotePath } from './quote.js';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** A failure ready to print. */
export class JoolError extends Error {
  constructor(
    readonly status: typeof EXIT_REFUSED | typeof EXIT_USAGE,
    message: string,
  ) {
    super(message);
  }
}

/** help is the command whose --help explains the way out. */
export function usageError(message: string, help = 'jool'): JoolError {
  return new JoolError(EXIT_USAGE, `${message}\nTry '${help} --help'.`);
}

export function toJoolError(e: unknown): JoolError {
  if (e instanceof JoolError) return e;
  if (e instanceof BadValue) return usageError(e.message);
  if (e instanceof PoolRefusal) return new JoolError(EXIT_REFUSED, explain(e.refusal));
  if (e instanceof StateError) return new JoolError(EXIT_REFUSED, `${quotePath(e.file)} ${e.problem}.\n${e.remedy}`);
  if (e instanceof LockTimeout) return new JoolError(EXIT_REFUSED, lockMessage(e));
  if (e instanceof ImportError) {
    const problem = (typeof e.problem === 'string' ? e.problem : explainAny(e.problem).split('\n')[0]).replace(/\.$/, '');
    const where = e.where === '' ? '' : `, ${e.where}`;
    return new JoolError(EXIT_REFUSED, `${quotePath(e.source ?? '')}${where}: ${problem}.\nNothing was imported; the pool is as it was.`);
  }
  if (e instanceof InstanceError) return new JoolError(EXIT_REFUSED, explainInstance(e.refusal));
  if (e instanceof BibError) return new JoolError(EXIT_REFUSED, explainBib(e.refusal));
  if (e instanceof Unplannable) {
    return new JoolError(
      EXIT_REFUSED,
      `the pool to plan for holds ${formatPrefix(e.prefix)}, in ${formatPrefix(e.block)} (${e.block.name}), which the Jool 3 syntax refuses to add.\nPlan with --syntax jool4.`,
    );
  }
  if (e instanceof OrphanInPlan) {
    const entry = `[Static ${e.protocol}] ${formatAddress(e.entry.address4)}#${e.entry.port4} - ${e.entry.address6}#${e.entry.port6}`;
    return new JoolError(
      EXIT_REFUSED,
      `the BIB to plan for holds ${entry}, whose IPv4 transport address is not in the pool4 to plan for: no command can add such an entry (an orphan that pool4 remove --quick left).\nPlan for a BIB whose entries are all in its pool4.`,
    );
  }
  if (e instanceof Pool6Differs) {
    return new JoolError(
      EXIT_REFUSED,
      `the plan's target has pool6 ${displayPrefix6(e.desired)}, but the instance has ${displayPrefix6(e.current)}, and Jool cannot change a NAT64 instance's pool6.\nRemove the instance and give the file to jool file handle instead.`,
    );
  }
  if (e instanceof FileError) return new JoolError(EXIT_REFUSED, `${fileProblem(e, false)}\nNothing was changed.`);
  if (e instanceof FileProblems) {
    const n = e.problems.length;
    const end = e.check ? `file handle would refuse ${quotePath(e.file)}: ${n === 1 ? 'one problem' : `${n} problems`}.` : `${n} problems; nothing was changed.`;
    return new JoolError(EXIT_REFUSED, [...e.problems.map((p) => fileProblem(p, true)), end].join('\n'));
  }
  if (e instanceof GlobalProblem) {
    // A value that does not read is the front end's usage error; what gets here broke a kernel rule.
    const text = `${e.key} ${e.shown} ${e.problem}.`;
    return new JoolError(EXIT_REFUSED, e.hint === undefined ? text : `${text}\n${e.hint}`);
  }
  if (e instanceof EphemeralRangeError) {
    return new JoolError(EXIT_REFUSED, `${quotePath(e.file)} ${e.problem}, so the host's ephemeral port range is unknown.\nGive it with --ephemeral-range <N-M>.`);
  }
  return new JoolError(EXIT_REFUSED, `internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug in jool; please report it.`);
}

/** What stderr gets: every line prefixed with the program's name. */
export function render(e: JoolError): string {
  return e.message
    .split('\n')
    .map((line) => `jool: ${line}\n`)
    .join('');
}

/** `'file', where: problem.` and its way out; briefly, the problem's first line alone. */
function fileProblem(e: FileError, briefly: boolean): string {
  const where = e.where === '' ? ' ' : `, ${e.where}: `;
  const problem = typeof e.problem === 'string' ? `${e.problem}.` : explainAny(e.problem);
  return `${quotePath(e.file)}${where}${briefly ? problem.split('\n')[0] : problem}`;
}

function explainAny(r: Refusal | BibRefusal | InstanceRefusal): string {
  if (['not-in-pool4', 'collides', 'not-found', 'mapped-elsewhere', 'orphan'].includes(r.kind)) return explainBib(r as BibRefusal);
  if (['exists', 'missing', 'netfilter-taken', 'framework-change', 'pool6-change', 'unconfigured'].includes(r.kind)) return explainInstance(r as InstanceRefusal);
  return explain(r as Refusal);
}

function explain(r: Refusal): string {
  switch (r.kind) {
    case 'reserved':
      return (
        `${formatPrefix(r.prefix)} touches ${formatPrefix(r.block)} (${r.block.name}), whose addresses can never mask traffic.\n` +
        'pool4 refuses such prefixes, with or without --force; add only addresses the translator can use.'
      );
    case 'needs-force':
      return (
        `${formatPrefix(r.prefix)} holds ${r.addresses} addresses; prefixes larger than /24 (${MAX_UNFORCED_ADDRESSES} addresses) are refused in case they are a typo.\n` +
        'Add --force if you mean it.'
      );
    case 'port-zero':
      return `${r.protocol} has no port 0, so the port range '0' leaves nothing to add.\nGive a range with ports above 0, or add port 0 to --icmp alone.`;
    case 'ephemeral':
      return (
        `${r.protocol} port range ${r.range[0]}-${r.range[1]} intersects the ephemeral port range ${r.ephemeral[0]}-${r.ephemeral[1]}, whose ports the host's own connections use.\n` +
        'Add --force to add it anyway (Jool 4.1.15 refuses it too), or choose ports outside that range.'
      );
    case 'capacity':
      return `this would leave the mark ${r.mark} ${r.protocol} table with ${r.total} transport addresses; a table holds at most ${MAX_TABLE_TRANSPORT_ADDRESSES}.\nAdd a smaller prefix or port range.`;
    case 'no-table':
      return `no entries match mark ${r.mark} (protocol ${r.protocol}): there is no table to update.\nAdd its entries first, or give the mark and protocols of a table that --pool4 --display shows.`;
  }
}

const t4 = (t: Transport4) => `${formatAddress(t.address)}#${t.port}`;
const t6 = (t: Transport6) => `${t.address}#${t.port}`;
/** Jool's own way of writing an entry: [IPv6 side, IPv4 side, protocol]. */
const shown = (e: BibEntry, protocol: Protocol) => `[${e.address6}#${e.port6}, ${formatAddress(e.address4)}#${e.port4}, ${protocol}]`;

export function explainBib(r: BibRefusal): string {
  switch (r.kind) {
    case 'not-in-pool4': {
      const { address, port } = r.taddr4;
      const where = r.emptyPool4
        ? `pool4 is empty, so only the host's own addresses with ports ${EMPTY_POOL4_PORTS[0]}-${EMPTY_POOL4_PORTS[1]} can be used (JOOL_HOST_ADDRESSES names the translator's)`
        : r.inHole
          ? `a ${r.protocol} table still shows it, but a remove in another mark took it out of the mark-less tree that Jool asks here (jool --pool4 --check lists such holes)`
          : `no ${r.protocol} sample of pool4, of any mark, holds it`;
      return (
        `${r.protocol} transport address ${t4(r.taddr4)} does not belong to pool4: ${where}.\n` +
        `Add it to pool4 first: jool pool4 add --${r.protocol.toLowerCase()} ${formatAddress(address)} ${port}-${port} (or jool --pool4 --add --${r.protocol.toLowerCase()} ${formatAddress(address)} ${port}).`
      );
    }
    case 'collides':
      if (r.existing.address4 === r.entry.address4 && r.existing.port4 === r.entry.port4 && r.existing.address6 === r.entry.address6 && r.existing.port6 === r.entry.port6) {
        return `the ${r.protocol} BIB already holds ${shown(r.entry, r.protocol)}; Jool 3 refuses to add it twice.`;
      }
      return (
        `entry ${shown(r.entry, r.protocol)} collides with ${shown(r.existing, r.protocol)}: each IPv4 and each IPv6 transport address maps to one entry per protocol.\n` +
        `Remove the existing entry first (jool bib remove --${r.protocol.toLowerCase()} ${formatAddress(r.existing.address4)}#${r.existing.port4}), or choose other transport addresses.`
      );
    case 'not-found': {
      const named = [r.taddr6 === undefined ? undefined : t6(r.taddr6), r.taddr4 === undefined ? undefined : t4(r.taddr4)].filter((x) => x !== undefined).join(' and ');
      const tables = r.protocols.length === 1 ? `the ${r.protocols[0]} BIB` : `the ${r.protocols.join(', ')} BIBs`;
      return `the entry wasn't in the database: ${tables} hold${r.protocols.length === 1 ? 's' : ''} no entry with ${named}.\nSee the entries with jool bib display --numeric.`;
    }
    case 'mapped-elsewhere':
      return `${r.protocol}: ${r.existing.address6}#${r.existing.port6} is mapped to ${formatAddress(r.existing.address4)}#${r.existing.port4}, not ${t4(r.taddr4)}.\nGive the entry's own addresses, or only one of them.`;
    case 'orphan': {
      const p = r.protocol.toLowerCase();
      const { address4, port4 } = r.entry;
      return (
        `the ${r.protocol} BIB entry ${shown(r.entry, r.protocol)} is outside pool4 (an orphan, as pool4 remove --quick leaves them), and Jool checks every BIB entry against pool4 whenever a global changes, so it refuses the update.\n` +
        `Add its address to pool4 again (jool pool4 add --${p} ${formatAddress(address4)} ${port4}-${port4}), or remove the entry (jool bib remove --${p} ${formatAddress(address4)}#${port4}).`
      );
    }
  }
}

function explainInstance(r: InstanceRefusal): string {
  switch (r.kind) {
    case 'exists':
      return `the instance '${r.name}' already exists.\nRemove it first (jool instance remove ${r.name}), or give another name.`;
    case 'missing':
      return `there is no instance named '${r.name}'.\nSee the instances with jool instance display.`;
    case 'netfilter-taken':
      return `the instance '${r.holder}' already uses Netfilter, and Jool allows one Netfilter instance.\nGive --iptables, or remove '${r.holder}' first.`;
    case 'framework-change':
      return `the instance '${r.name}' uses ${r.from}, and Jool cannot change an instance's framework to ${r.to}.\nRemove the instance first, or give "framework": "${r.from}".`;
    case 'pool6-change':
      return `the instance '${r.name}' has pool6 ${r.from}, and Jool cannot change a NAT64 instance's pool6 to ${r.to}.\nRemove the instance first, or give "pool6": "${r.from}".`;
    case 'unconfigured': {
      const what = r.exists ? 'was never added (it has no framework and no pool6)' : 'does not exist';
      return `the instance '${r.name}' ${what}, and a Jool 4 configuration needs both.\nAdd it first: jool instance add ${r.name === DEFAULT_INSTANCE ? '' : `${r.name} `}--pool6 <prefix>.`;
    }
  }
}

function lockMessage(e: LockTimeout): string {
  const seconds = (e.waitedMs / 1000).toFixed(1);
  const h = e.holder;
  if (h === undefined) {
    return `the state file is locked: ${quotePath(e.lockPath)} exists but does not name a jool process; gave up after ${seconds} s.\n` + `If no jool is running, remove ${quotePath(e.lockPath)}.`;
  }
  return (
    `the state file is locked by process ${h.pid} on ${h.host}, which is still running (${quotePath(e.lockPath)}); gave up after ${seconds} s.\n` +
    'Try again once it has finished, or wait longer with JOOL_POOL4_LOCK_TIMEOUT=<seconds>.'
  );
}
