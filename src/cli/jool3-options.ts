/**
 * Every flag of the Jool 3 dialect, in one table: its command line, --help, the bash completion
 * script and the manual page are all made from it, so they cannot drift apart.
 * It is over 300 lines, because the table is one list and splitting it would give a flag two homes.
 */

import { JOOL3_KEYS, type Jool3Key } from '../global/jool3-globals.js';

/** In the seed's bit order (config.h OP_*), which its parser's choice of the lowest follows; 3.5.5 puts update before add. */
export const OPERATIONS = ['display', 'count', 'add', 'update', 'remove', 'flush', 'check', 'import', 'plan', 'lookup', 'generate'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Jool 3's modes this program provides, in the bit order of config.h (MODE_GLOBAL is the lowest: the default). */
export const MODES = ['global', 'pool6', 'pool4', 'bib', 'session'] as const;
export type Mode = (typeof MODES)[number];

/** The operations of each mode (the first is the default); pool4's update is 3.5.5's. */
export const MODE_OPERATIONS: Readonly<Record<Mode, readonly Operation[]>> = {
  global: ['display', 'update'],
  pool6: ['display', 'count', 'add', 'remove', 'flush'],
  pool4: ['display', 'count', 'add', 'update', 'remove', 'flush', 'check', 'import', 'plan', 'lookup', 'generate'],
  bib: ['display', 'count', 'add', 'remove'],
  session: ['display', 'count'],
};

/**
 * Which Jool 3 has a flag: both, the seed alone, 3.5.0 on (`3.5`), or 3.5.5 on (`3.5.5`).
 * Flags of neither (this program's own) have none.
 */
export type Jool3Availability = 'both' | 'seed' | '3.5' | '3.5.5';

export interface OptionSpec {
  /** Property name in the parsed options. */
  readonly key: string;
  readonly long: string;
  readonly short?: string;
  /** Name of the option's value, if it takes one. */
  readonly value?: string;
  readonly description: string;
  /** For operation flags: the operation. For the others: the operations they go with (none listed: any). */
  readonly operation?: Operation;
  /** The pool4 operations the option goes with. */
  readonly goesWith?: readonly Operation[];
  /** The other modes' operations it goes with; an option with goesWith and no list here is pool4's alone. */
  readonly bib?: readonly Operation[];
  readonly session?: readonly Operation[];
  readonly pool6?: readonly Operation[];
  readonly global?: readonly Operation[];
  /** For mode flags: the mode. */
  readonly mode?: Mode;
  /** For --global keys: the key. */
  readonly globalKey?: Jool3Key;
  /** Which Jool 3 has the flag (none: every release here). */
  readonly in?: Jool3Availability;
}

/** The operations of mode that o goes with; undefined when it goes with all of them. */
export function operationsOf(o: OptionSpec, mode: Mode): readonly Operation[] | undefined {
  if (o.operation !== undefined) return undefined;
  if (mode === 'pool4') return o.goesWith;
  if (o.goesWith === undefined) return undefined;
  return o[mode] ?? [];
}

export const OPTIONS: readonly OptionSpec[] = [
  { key: 'global', long: 'global', short: 'g', mode: 'global', description: "Jool's global values: display them (the default), or give one key flag to set it." },
  { key: 'general', long: 'general', mode: 'global', in: 'seed', description: "The seed's old name of --global." },
  { key: 'pool6', long: 'pool6', short: '6', mode: 'pool6', description: "Work on the instance's IPv6 prefix (pool6): --display, --count, --add <prefix>, --remove <prefix>, --flush." },
  { key: 'pool4', long: 'pool4', short: '4', mode: 'pool4', description: 'Work on the IPv4 transport address pool.' },
  { key: 'bib', long: 'bib', short: 'b', mode: 'bib', description: 'Work on the static BIB: --display, --count, --add <bib4> <bib6>, --remove <bib4>|<bib6>.' },
  { key: 'session', long: 'session', short: 's', mode: 'session', description: 'Print the session tables (always empty: there is no traffic here).' },
  { key: 'display', long: 'display', short: 'd', operation: 'display', description: "Print the pool's entries (the default operation)." },
  { key: 'count', long: 'count', short: 'c', operation: 'count', description: 'Print the number of tables, samples and transport addresses.' },
  { key: 'add', long: 'add', short: 'a', operation: 'add', description: 'Add <IPv4 prefix> [<port range>] to the pool.' },
  { key: 'update', long: 'update', operation: 'update', description: "With --pool4 (Jool 3.5.5 on): set the max iterations of the (mark, protocol)'s table; with --global, a key flag's." },
  { key: 'remove', long: 'remove', short: 'r', operation: 'remove', description: 'Remove <IPv4 prefix> [<port range>] from the pool.' },
  { key: 'flush', long: 'flush', short: 'f', operation: 'flush', description: 'Remove every entry from the pool.' },
  {
    key: 'check',
    long: 'check',
    operation: 'check',
    description:
      "Report what would drop or misdirect traffic: TCP/UDP entries in the host's ephemeral port range, orphan BIB entries, holes in Jool's mark-less tree, marks with a table in some protocols only, and with --marks, the firewall's marks against pool4; exit 1 if anything is found.",
  },
  {
    key: 'lookup',
    long: 'lookup',
    value: 'address|file|-',
    operation: 'lookup',
    description:
      'Find the mark(s) whose table holds an IPv4 address[#port], or each line of a file (- for stdin): the sample, and with --marks the IPv6 prefixes that carry the mark; exit 1 if any is not in pool4.',
  },
  {
    key: 'generate',
    long: 'generate',
    value: 'IPv4 prefix',
    operation: 'generate',
    description: 'Write a per-customer pool over this prefix (one equal, disjoint block of --ports per mark of --customers or --marks) as a plan, --json, or the --rules that set the marks.',
  },
  {
    key: 'marks',
    long: 'marks',
    value: 'file',
    goesWith: ['check', 'lookup', 'generate'],
    description: 'The marks the firewall sets: ip6tables-save output, nft list ruleset output (text or -j), or prefix,mark lines (repeatable; - for stdin).',
  },
  {
    key: 'customers',
    long: 'customers',
    value: 'IPv6 prefix',
    goesWith: ['generate'],
    description: 'With --generate: the customers, one per --sub-prefix-len sub-prefix of this IPv6 prefix, or a list of marks (1-4352,5000).',
  },
  { key: 'subPrefixLen', long: 'sub-prefix-len', value: 'length', goesWith: ['generate'], description: "With --customers: each customer's prefix length (default 64)." },
  { key: 'markOffset', long: 'mark-offset', value: 'mark', goesWith: ['generate'], description: "With --customers: the first customer's mark (default 1; mark 0 is traffic nobody marked)." },
  { key: 'ports', long: 'ports', value: 'range', goesWith: ['generate'], description: 'With --generate: the ports to share out (default 1024-65535).' },
  { key: 'rules', long: 'rules', goesWith: ['generate'], description: 'With --generate --customers: print the firewall rules that set the marks instead of the pool.' },
  {
    key: 'import',
    long: 'import',
    value: 'file',
    operation: 'import',
    description: 'Add every entry of a --csv or --json file (- for stdin), all or none.',
  },
  {
    key: 'plan',
    long: 'plan',
    value: 'file',
    operation: 'plan',
    description: 'Print the jool commands that turn the pool into the one of this file (- for stdin); exit 1 if there are any.',
  },
  {
    key: 'csv',
    long: 'csv',
    goesWith: ['display', 'lookup'],
    bib: ['display'],
    session: ['display'],
    pool6: ['display'],
    global: ['display'],
    description: 'Print the entries in CSV format.',
  },
  {
    key: 'headers',
    long: 'no-headers',
    goesWith: ['display'],
    bib: ['display'],
    session: ['display'],
    pool6: ['display'],
    global: ['display'],
    in: '3.5.5',
    description: 'Jool 3.5.5 on: print no headers and no footer.',
  },
  {
    key: 'numeric',
    long: 'numeric',
    short: 'n',
    goesWith: [],
    bib: ['display'],
    session: ['display'],
    description: 'With --bib or --session --display: print IPv6 addresses and ports as numbers instead of names.',
  },
  { key: 'table', long: 'table', goesWith: ['display'], description: 'Print the entries as a bordered table, addresses as CIDR blocks.' },
  {
    key: 'json',
    long: 'json',
    goesWith: ['display', 'lookup', 'generate'],
    description: 'Print the entries as the "pool4" and "bib" arrays of a Jool 4 configuration (with --lookup, the answers as JSON).',
  },
  { key: 'all', long: 'all', goesWith: ['display'], description: 'With --json: print the whole instance as a Jool 4 configuration (instance, framework, global, pool4, bib) for file handle.' },
  {
    key: 'mark',
    long: 'mark',
    short: 'm',
    value: 'mark',
    goesWith: ['add', 'update', 'remove', 'display'],
    description: 'Packet mark of the entries, 0-4294967295 (default 0; with --display, show only this mark).',
  },
  {
    key: 'tcp',
    long: 'tcp',
    short: 't',
    goesWith: ['add', 'update', 'remove', 'display', 'lookup', 'generate'],
    bib: ['display', 'count', 'add', 'remove'],
    session: ['display', 'count'],
    description: 'TCP entries (no protocol flag means all three).',
  },
  {
    key: 'udp',
    long: 'udp',
    short: 'u',
    goesWith: ['add', 'update', 'remove', 'display', 'lookup', 'generate'],
    bib: ['display', 'count', 'add', 'remove'],
    session: ['display', 'count'],
    description: 'UDP entries.',
  },
  {
    key: 'icmp',
    long: 'icmp',
    short: 'i',
    goesWith: ['add', 'update', 'remove', 'display', 'lookup', 'generate'],
    bib: ['display', 'count', 'add', 'remove'],
    session: ['display', 'count'],
    description: 'ICMP entries (ICMP identifiers instead of ports).',
  },
  {
    key: 'maxIterations',
    long: 'max-iterations',
    value: 'auto|infinity|N',
    goesWith: ['add', 'update'],
    in: '3.5.5',
    description: "Jool 3.5.5 on, with --pool4 --add or --update: the table's max iterations (auto, infinity, or 1-4294967295).",
  },
  { key: 'force', long: 'force', goesWith: ['add'], pool6: ['add'], description: 'Add a prefix larger than /24 (more than 256 addresses); with --pool6 (3.5), one with a nonzero u-bit.' },
  {
    key: 'quick',
    long: 'quick',
    short: 'q',
    goesWith: ['remove', 'flush'],
    pool6: ['remove', 'flush'],
    description: 'With --remove/--flush: leave the BIB entries of the removed addresses (they become orphans).',
  },
  { key: 'enable', long: 'enable', goesWith: [], global: ['update'], description: 'Resume translation (--global; manually-enabled).' },
  { key: 'disable', long: 'disable', goesWith: [], global: ['update'], description: 'Pause translation (--global; manually-enabled).' },
  ...JOOL3_KEYS.flatMap(keyOptions),
  {
    key: 'ephemeralRange',
    long: 'ephemeral-range',
    value: 'range',
    goesWith: ['check', 'plan', 'generate'],
    description: 'With --check, --generate, or --plan --syntax jool4: this range instead of /proc/sys/net/ipv4/ip_local_port_range.',
  },
  { key: 'replace', long: 'replace', goesWith: ['import'], description: 'With --import: replace the pool instead of adding to it.' },
  { key: 'syntax', long: 'syntax', value: 'jool3|jool4', goesWith: ['plan', 'generate'], description: "With --plan or --generate: the commands' syntax, jool3 (default) or jool4." },
  {
    key: 'instance',
    long: 'instance',
    value: 'name',
    description: 'The Jool 4 instance to work on (default "default"; no short flag: -i is --icmp).',
  },
  {
    key: 'state',
    long: 'state',
    value: 'path',
    description: 'State file (default $JOOL_POOL4_STATE, else $XDG_STATE_HOME/jool/pool4.json).',
  },
  {
    key: 'joolVersion',
    long: 'jool-version',
    value: 'release',
    description: 'The Jool 3 release to answer as, 3.5.0 to 3.5.8 (default $JOOL_VERSION, else the seed page); a 4.1 release is the one --display --json --all writes the globals of.',
  },
  { key: 'completion', long: 'completion', value: 'shell', description: 'Print the completion script for the shell (bash) and exit.' },
  { key: 'help', long: 'help', short: 'h', description: 'Print this help and exit.' },
  { key: 'version', long: 'version', short: 'V', description: 'Print the version and exit.' },
];

/** A --global key's flag, and the seed's alias of it. */
function keyOptions(k: Jool3Key): OptionSpec[] {
  const option = (long: string, in_: Jool3Availability): OptionSpec => ({
    // commander's name for the flag's value (camelCase), which the parser reads.
    key: long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    long,
    value: k.type === 'bool' ? 'bool' : k.type === 'plateaus' ? 'list' : k.type === 'seconds' ? 'seconds' : 'number',
    goesWith: [],
    global: ['update'],
    globalKey: k,
    in: in_,
    description: `Set ${k.key === k.flag ? 'it' : k.key} (--global).`,
  });
  return k.alias === undefined ? [option(k.flag, k.in)] : [option(k.flag, k.in), option(k.alias, 'seed')];
}

export function flagsOf(o: OptionSpec): string {
  const long = `--${o.long}${o.value === undefined ? '' : ` <${o.value}>`}`;
  return o.short === undefined ? long : `-${o.short}, ${long}`;
}

/** Jool's other modes: asking for one gets "not provided", not "unknown option". */
export const OTHER_MODES: readonly string[] = ['--blacklist', '--pool6791', '--eamt', '-e', '--joold', '--file'];

export const SYNOPSIS_LINES = [
  'jool --pool4 [--display] [--csv]',
  'jool --pool4 --count',
  'jool --pool4 --add    [--mark <mark>] [--tcp] [--udp] [--icmp] <IPv4 prefix> [<port range>] [--force]',
  'jool --pool4 --remove [--mark <mark>] [--tcp] [--udp] [--icmp] <IPv4 prefix> [<port range>] [--quick]',
  'jool --pool4 --flush  [--quick]',
  'jool --bib [--tcp] [--udp] [--icmp] [--display] [--numeric] [--csv]',
  'jool --bib [--tcp] [--udp] [--icmp] --count',
  'jool --bib [--tcp] [--udp] [--icmp] --add <bib4> <bib6>',
  'jool --bib [--tcp] [--udp] [--icmp] --remove (<bib4> | <bib6> | <bib4> <bib6>)',
  'jool --session [--tcp] [--udp] [--icmp] [--display] [--numeric] [--csv] | --count',
  'jool --pool6 [--display] [--csv] | --count | --add <IPv6 prefix> [--force] | --remove <IPv6 prefix> [--quick] | --flush [--quick]',
  'jool [--global] [--display] [--csv]',
  'jool [--global] --<key> <value> | --enable | --disable',
  'Jool 3.5.5 on: jool --pool4 --update [--mark <mark>] [--tcp] [--udp] [--icmp] --max-iterations <auto|infinity|N>; --no-headers',
];

/** This clone's additions to Jool's syntax. */
export const EXTENSION_LINES = [
  'jool --pool4 [--display] [--table | --json] [--mark <mark>] [--tcp] [--udp] [--icmp]',
  'jool --pool4 --display --json --all',
  'jool --pool4 --check [--ephemeral-range <N-M>] [--marks <file>]...',
  'jool --pool4 --lookup <IPv4 address[#port]|file|-> [--tcp|--udp|--icmp] [--marks <file>]... [--csv | --json]',
  'jool --pool4 --generate <IPv4 prefix> [--ports <N-M>] [--tcp] [--udp] [--icmp] (--customers <IPv6 prefix> [--sub-prefix-len <n>] [--mark-offset <mark>] | --customers <marks> | --marks <file>)',
  '                        [--syntax jool3|jool4 | --json | --rules] [--ephemeral-range <N-M>]',
  'jool --pool4 --import <file|-> [--replace]',
  'jool --pool4 --plan <file|-> [--syntax jool3|jool4] [--ephemeral-range <N-M>]',
  'jool --pool4|--bib|--session ... --instance <name>',
  'jool --completion bash',
];

/** The environment variables jool reads, for --help and the manual page. */
export const ENVIRONMENT: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'JOOL_POOL4_STATE', description: 'The state file, unless --state is given.' },
  { name: 'XDG_STATE_HOME', description: 'Otherwise the state file is $XDG_STATE_HOME/jool/pool4.json (default ~/.local/state/jool/pool4.json).' },
  { name: 'JOOL_POOL4_LOCK_TIMEOUT', description: "Seconds to wait for another jool holding the state file's lock (default 10)." },
  {
    name: 'JOOL_HOST_ADDRESSES',
    description: 'The translator\'s own IPv4 addresses ("192.0.2.1 198.51.100.1"), which a BIB entry may use while pool4 is empty, instead of this host\'s.',
  },
  { name: 'JOOL_HOSTS_FILE', description: 'Take the names of BIB entries from this hosts(5) file alone, instead of asking the system resolver.' },
  {
    name: 'JOOL_VERSION',
    description:
      'The Jool release to answer as: 4.1.0 to 4.1.15 for the Jool 4 syntax (default 4.1.15), 3.5.0 to 3.5.8 for the Jool 3 syntax (default the seed page), or a package version such as 4.1.9-1. --jool-version <release> overrides it.',
  },
  {
    name: 'JOOL_EPHEMERAL_RANGE',
    description: 'The ephemeral port range ("32768 60999" or 32768-60999) that Jool 4 syntax add and file handle refuse, instead of /proc/sys/net/ipv4/ip_local_port_range.',
  },
];
