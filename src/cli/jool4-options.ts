/**
 * The Jool 4 dialect's grammar as tables, like Jool's own main.c and wargp tables: modes, their
 * operations, and each operation's options. The parser (jool4.ts), --help, the bash completion and
 * the manual page are all made from them.
 */
import type { ArgpOption } from './argp.js';

export interface OperationSpec {
  readonly name: string;
  /** After `jool [-i <instance> | -f <file.json>] <mode> <operation>`. */
  readonly syntax: string;
  readonly description: string;
  readonly options: readonly ArgpOption[];
}

export interface ModeSpec {
  readonly name: string;
  readonly operations: readonly OperationSpec[];
}

const TCP: ArgpOption = { name: 'tcp', short: 't', description: 'The TCP table.' };
const UDP: ArgpOption = { name: 'udp', short: 'u', description: 'The UDP table.' };
const ICMP: ArgpOption = { name: 'icmp', short: 'i', description: 'The ICMP table.' };
const MARK: ArgpOption = { name: 'mark', value: 'INT', description: 'Packet mark of the entries, 0-4294967295 (default 0).' };
const CSV: ArgpOption = { name: 'csv', description: 'Print the table in CSV format.' };
const NO_HEADERS: ArgpOption = { name: 'no-headers', description: 'Do not print the table headers.' };
const QUICK: ArgpOption = { name: 'quick', short: 'q', description: 'Leave the BIB entries of the removed transport addresses (they become orphans).' };
const FILE_FORCE: ArgpOption = { name: 'force', short: 'f', description: 'Accept pool4 ports in the ephemeral range, and a pool6 whose u-bit is not zero.' };
const NUMERIC: ArgpOption = { name: 'numeric', description: 'Print IPv6 addresses and ports as numbers instead of names.' };

/** argp's own options, in every operation. */
export const BUILTIN: readonly ArgpOption[] = [
  { name: 'help', short: '?', description: 'Print this help and exit.' },
  { name: 'usage', description: 'Print the syntax and exit.' },
  { name: 'version', short: 'V', description: 'Print the version and exit.' },
];

export const MODES: readonly ModeSpec[] = [
  {
    name: 'instance',
    operations: [
      { name: 'display', syntax: '[--csv] [--no-headers]', description: 'Print the instances.', options: [NO_HEADERS, CSV] },
      {
        name: 'add',
        syntax: '[<name>] [--netfilter | --iptables] --pool6 <IPv6 prefix>',
        description: 'Add an instance (name default "default"; framework default netfilter).',
        options: [
          { name: 'iptables', description: 'Sit the translator on top of iptables.' },
          { name: 'netfilter', description: 'Sit the translator on top of Netfilter (default).' },
          { name: 'pool6', short: '6', value: 'IPv6 prefix', description: 'The IPv6 prefix of pool6, e.g. 64:ff9b::/96.' },
        ],
      },
      { name: 'remove', syntax: '[<name>]', description: 'Remove an instance and its pool.', options: [] },
      { name: 'flush', syntax: '', description: 'Remove every instance.', options: [] },
      { name: 'status', syntax: '', description: 'Print whether the instance (-i, else "default") exists ("Running") or not ("Dead").', options: [] },
    ],
  },
  {
    name: 'stats',
    operations: [
      {
        name: 'display',
        syntax: '[--all] [--explain] [--csv] [--no-headers]',
        description: "Print the instance's counters that are not zero (here, JSTAT_BIB_ENTRIES alone: there is no traffic).",
        options: [
          { name: 'all', short: 'a', description: 'Do not filter out zero stats.' },
          { name: 'explain', short: 'e', description: 'Print a description of what each stat means.' },
          NO_HEADERS,
          CSV,
        ],
      },
    ],
  },
  {
    name: 'global',
    operations: [
      { name: 'display', syntax: '[--csv] [--no-headers]', description: "Print the instance's globals.", options: [NO_HEADERS, CSV] },
      {
        name: 'update',
        syntax: '<key> <value> [--force]',
        description: 'Set one global (keys abbreviate; see Globals below).',
        options: [{ name: 'force', short: 'f', description: 'Accept a pool6 whose u-bit (bits 64-71) is not zero.' }],
      },
    ],
  },
  {
    name: 'pool4',
    operations: [
      { name: 'display', syntax: '[--tcp | --udp | --icmp] [--csv] [--no-headers]', description: "Print one protocol's tables (default TCP).", options: [TCP, UDP, ICMP, NO_HEADERS, CSV] },
      {
        name: 'add',
        syntax: '[--mark <mark>] (--tcp | --udp | --icmp) <IPv4 prefix> <port range> [--max-iterations <n|auto|infinity>] [--force]',
        description: 'Add a prefix and port range to one table.',
        options: [
          TCP,
          UDP,
          ICMP,
          MARK,
          { name: 'max-iterations', value: 'INT|auto|infinity', description: "Set the table's max iterations (1-4294967295, auto or infinity)." },
          { name: 'force', short: 'f', description: 'Add a prefix larger than /24, or ports in the ephemeral range.' },
        ],
      },
      {
        name: 'remove',
        syntax: '[--mark <mark>] [--tcp | --udp | --icmp] <IPv4 prefix> [<port range>] [--quick]',
        description: 'Remove a prefix and port range (default every port) from one table (default TCP, mark 0).',
        options: [TCP, UDP, ICMP, MARK, QUICK],
      },
      { name: 'flush', syntax: '[--quick]', description: 'Empty every table of the instance.', options: [QUICK] },
    ],
  },
  {
    name: 'bib',
    operations: [
      {
        name: 'display',
        syntax: '[--tcp | --udp | --icmp] [--numeric] [--csv] [--no-headers]',
        description: "Print one protocol's static BIB entries (default TCP).",
        options: [TCP, UDP, ICMP, NUMERIC, NO_HEADERS, CSV],
      },
      {
        name: 'add',
        syntax: '[--tcp | --udp | --icmp] <IPv4 transport address> <IPv6 transport address>',
        description: 'Add a static BIB entry (default TCP); its IPv4 transport address must be in pool4.',
        options: [TCP, UDP, ICMP],
      },
      {
        name: 'remove',
        syntax: '[--tcp | --udp | --icmp] <IPv4 transport address> | <IPv6 transport address> | both',
        description: 'Remove a BIB entry (default TCP), named by either side or both.',
        options: [TCP, UDP, ICMP],
      },
    ],
  },
  {
    name: 'session',
    operations: [
      {
        name: 'display',
        syntax: '[--tcp | --udp | --icmp] [--numeric] [--csv] [--no-headers]',
        description: "Print one protocol's sessions (always none: there is no traffic here).",
        options: [TCP, UDP, ICMP, NUMERIC, NO_HEADERS, CSV],
      },
    ],
  },
  {
    name: 'file',
    operations: [
      {
        name: 'handle',
        syntax: '<file.json> [--force]',
        description: "Configure the instance as the file says, all or nothing: its globals (those it leaves out return to their defaults), its whole pool4, and a new instance's BIB.",
        options: [FILE_FORCE],
      },
      {
        name: 'check',
        syntax: '<file.json> [--force]',
        description: 'Say whether file handle would accept the file here, naming every problem, and change nothing (exit 0 yes, 1 no). Not in Jool.',
        options: [FILE_FORCE],
      },
    ],
  },
];

/** Options before the mode. */
export const GLOBAL_OPTIONS: readonly ArgpOption[] = [
  { name: 'instance', short: 'i', value: 'name', description: 'The instance to work on (default "default").' },
  { name: 'file', short: 'f', value: 'file.json', description: 'Take the instance\'s name from this configuration file\'s "instance".' },
  { name: 'state', value: 'path', description: 'The state file (default $JOOL_POOL4_STATE, else $XDG_STATE_HOME/jool/pool4.json).' },
  { name: 'jool-version', value: 'release', description: 'The Jool release to answer as, 4.1.0 to 4.1.15 (default $JOOL_VERSION, else 4.1.15).' },
  ...BUILTIN,
];

export function synopsisLines(): string[] {
  const lines: string[] = [];
  for (const mode of MODES) {
    for (const op of mode.operations) {
      const globals = mode.name === 'instance' ? '' : mode.name === 'file' ? '[-i <instance>] ' : '[-i <instance> | -f <file.json>] ';
      lines.push(`jool ${globals}${mode.name} ${op.name}${op.syntax === '' ? '' : ` ${op.syntax}`}`);
    }
  }
  return lines;
}
