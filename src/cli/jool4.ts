/**
 * The Jool 4 dialect: `jool [global options] <mode> <operation> [options and arguments]` argv ->
 * Request (SPEC 6.1). Modes and operations abbreviate to any unambiguous prefix, as in Jool's
 * main.c; each operation's options follow GNU argp (argp.ts) and come from jool4-options.ts.
 */
import { usageError } from '../errors.js';
import { DEFAULT_INSTANCE, type Framework } from '../instance/instances.js';
import { PROTOCOLS, type MaxIterations, type Protocol } from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';
import type { Prefix } from '../pool4/addresses.js';
import { printable, quote } from '../quote.js';
import { GLOBAL_NAMES, globalNamed, GlobalProblem, parseGlobalText, TYPE_WORDS } from '../global/globals.js';
import { BadValue, parseMark, parseMaxIterations, parsePool6, parsePortRange, parsePrefix } from '../formats/values.js';
import { argp, ArgpError, matchLabel, type ArgpResult, type Given } from './argp.js';
import { common, ephemeralFromEnvironment, instanceName, transportArguments } from './common.js';
import { BUILTIN, GLOBAL_OPTIONS, MODES } from './jool4-options.js';
import type { Common, Environment, Request } from './requests.js';

export interface Jool4Environment extends Environment {
  /** Reads the "instance" of a configuration file, for `-f`. */
  readonly instanceInFile?: (file: string) => string;
}

const FULL_PORTS: PortRange = [0, 65535];

export function parseJool4(argv: readonly string[], environment: Jool4Environment): Request {
  const globals = options(() => argp(argv, GLOBAL_OPTIONS, true), '');
  let instance: string | undefined;
  let file: string | undefined;
  let stateFlag: string | undefined;
  for (const g of globals.given) {
    const name = g.option.name;
    if (name === 'help' || name === 'usage') return { operation: 'help' };
    if (name === 'version') return { operation: 'version' };
    // The later of -i and -f wins, as in Jool.
    if (name === 'instance') [instance, file] = [g.value, undefined];
    if (name === 'file') [file, instance] = [g.value, undefined];
    if (name === 'state') stateFlag = g.value;
  }
  const words = argv.slice(globals.rest);
  const modeName = pick(words[0], MODES.map((m) => m.name), '', 'a mode');
  const mode = MODES.find((m) => m.name === modeName)!;
  const opName = pick(words[1], mode.operations.map((o) => o.name), modeName, 'an operation');
  const op = mode.operations.find((o) => o.name === opName)!;
  const command = `${modeName} ${opName}`;
  const topic = `jool ${command}`;
  // `global update` takes its key as a third word, abbreviated like the first two (Jool's main.c).
  const key = command === 'global update' && !isHelp(words[2]) ? pick(words[2], GLOBAL_NAMES, command, 'a key') : undefined;
  const rest = words.slice(key === undefined ? 2 : 3);
  refuseMisplacedGlobals(rest, command);
  const parsed = options(() => argp(rest, [...op.options, ...BUILTIN]), command);
  if (has(parsed, 'help') || has(parsed, 'usage')) return { operation: 'help' };
  if (has(parsed, 'version')) return { operation: 'version' };
  try {
    const base = common(stateFlag, environment);
    if (key !== undefined) return globalUpdate(key, parsed, base, instance, file, environment);
    return request(command, parsed, base, environment, instance, file);
  } catch (e) {
    if (e instanceof BadValue) throw usageError(`${command}: ${e.message}`, topic);
    throw e;
  }
}

function isHelp(word: string | undefined): boolean {
  return word !== undefined && ['--help', '-?', '--usage'].includes(word);
}

/** `global update <key> <value> [--force]`: the value read as its type; the kernel's rules are the operation's. */
function globalUpdate(key: string, parsed: ArgpResult, base: Common, instance: string | undefined, file: string | undefined, environment: Jool4Environment): Request {
  const command = `global update ${key}`;
  const fail = (message: string) => usageError(`${command}: ${message}`, 'jool global update');
  const meta = globalNamed(key)!;
  if (parsed.args.length === 0) throw fail(`the command is missing a value (a ${TYPE_WORDS[meta.type]}).`);
  if (parsed.args.length > 1) throw fail(`takes one value, but got ${quote(parsed.args[0])} and ${quote(parsed.args[1])}.`);
  const text = parsed.args[0];
  let value;
  try {
    value = parseGlobalText(meta, text);
  } catch (e) {
    if (e instanceof GlobalProblem) throw fail(`${e.shown} ${e.problem}.`);
    throw e;
  }
  const onInstance = { ...base, instance: instanceOption(instance, file, environment) ?? DEFAULT_INSTANCE };
  return { operation: 'global-update', ...onInstance, key, value, shown: printable(text), force: has(parsed, 'force') };
}

/** The instance -i names, or -f's file. */
function instanceOption(instance: string | undefined, file: string | undefined, environment: Jool4Environment): string | undefined {
  if (instance !== undefined) return instanceName(instance, '-i');
  if (file === undefined) return undefined;
  if (environment.instanceInFile === undefined) throw new Error('no reader for -f');
  return environment.instanceInFile(file);
}

function request(command: string, parsed: ArgpResult, base: Common, environment: Jool4Environment, instance?: string, file?: string): Request {
  const fail = (message: string) => usageError(`${command}: ${message}`, `jool ${command}`);
  const named = () => instanceOption(instance, file, environment);
  const noArguments = () => {
    if (parsed.args.length > 0) throw fail(`takes no arguments, but got ${quote(parsed.args[0])}.`);
  };

  switch (command) {
    case 'pool4 display': {
      noArguments();
      const protocol = oneProtocol(parsed, fail) ?? 'TCP';
      const csv = has(parsed, 'csv');
      return {
        operation: 'display',
        ...base,
        instance: named() ?? DEFAULT_INSTANCE,
        format: csv ? 'jool4-csv' : 'jool4',
        filter: { protocols: [protocol] },
        ...(has(parsed, 'no-headers') ? { headers: false as const } : {}),
      };
    }
    case 'pool4 add': {
      const { prefix, ports } = pool4Arguments(parsed.args, fail);
      const protocol = oneProtocol(parsed, fail);
      const missing = [
        prefix === undefined ? 'an IPv4 prefix or address' : undefined,
        ports === undefined ? 'a port (or ICMP id) range' : undefined,
        protocol === undefined ? 'a protocol (--tcp, --udp or --icmp)' : undefined,
      ].filter((m): m is string => m !== undefined);
      if (missing.length > 0) throw fail(`the command is missing ${list(missing)}.`);
      const iterations = last(parsed, 'max-iterations');
      return {
        operation: 'add',
        ...base,
        instance: named() ?? DEFAULT_INSTANCE,
        dialect: 'jool4',
        entry: {
          mark: mark(parsed),
          protocols: [protocol!],
          prefix: prefix!,
          ports: ports!,
          ...(iterations === undefined ? {} : { iterations: iterations as MaxIterations }),
        },
        force: has(parsed, 'force'),
        ephemeral: ephemeralFromEnvironment(environment),
      };
    }
    case 'pool4 remove': {
      const { prefix, ports } = pool4Arguments(parsed.args, fail);
      if (prefix === undefined) throw fail('the command is missing an IPv4 prefix or address.');
      const protocol = oneProtocol(parsed, fail) ?? 'TCP';
      return {
        operation: 'remove',
        ...base,
        instance: named() ?? DEFAULT_INSTANCE,
        entry: { mark: mark(parsed), protocols: [protocol], prefix, ports: ports ?? FULL_PORTS },
        cascade: [protocol],
        quick: has(parsed, 'quick'),
      };
    }
    case 'pool4 flush':
      noArguments();
      return { operation: 'flush', ...base, instance: named() ?? DEFAULT_INSTANCE, quick: has(parsed, 'quick') };
    case 'bib display':
    case 'session display': {
      noArguments();
      const display = {
        ...base,
        instance: named() ?? DEFAULT_INSTANCE,
        dialect: 'jool4' as const,
        protocols: [oneProtocol(parsed, fail) ?? 'TCP'],
        csv: has(parsed, 'csv'),
        headers: !has(parsed, 'no-headers'),
      };
      if (command === 'session display') return { operation: 'session-display', ...display };
      return { operation: 'bib-display', ...display, numeric: has(parsed, 'numeric') };
    }
    case 'bib add':
    case 'bib remove': {
      const protocols = [oneProtocol(parsed, fail) ?? 'TCP'];
      const { taddr4, taddr6 } = transportArguments(parsed.args, fail);
      const onInstance = { ...base, instance: named() ?? DEFAULT_INSTANCE, dialect: 'jool4' as const, protocols };
      if (command === 'bib remove') {
        if (taddr4 === undefined && taddr6 === undefined) throw fail('the command is missing at least one transport address (an IPv4 one such as 192.0.2.1#80, an IPv6 one such as 2001:db8::1#80, or both).');
        return { operation: 'bib-remove', ...onInstance, taddr4, taddr6 };
      }
      const missing = [taddr6 === undefined ? 'an IPv6 transport address (e.g. 2001:db8::1#80)' : undefined, taddr4 === undefined ? 'an IPv4 transport address (e.g. 192.0.2.1#80)' : undefined];
      const named4 = missing.filter((m): m is string => m !== undefined);
      if (named4.length > 0) throw fail(`the command is missing ${list(named4)}.`);
      return { operation: 'bib-add', ...onInstance, taddr4: taddr4!, taddr6: taddr6! };
    }
    case 'instance display':
      noArguments();
      return { operation: 'instance-display', ...base, csv: has(parsed, 'csv'), headers: !has(parsed, 'no-headers') };
    case 'instance add': {
      const name = nameArgument(parsed, named(), fail);
      if (has(parsed, 'netfilter') && has(parsed, 'iptables')) throw fail('give --netfilter or --iptables, not both: the translator hooks to one framework.');
      const framework: Framework = has(parsed, 'iptables') ? 'iptables' : 'netfilter';
      const pool6 = last(parsed, 'pool6');
      if (pool6 === undefined) throw fail('the command is missing --pool6 <IPv6 prefix>: Jool refuses NAT64 instances without one (e.g. --pool6 64:ff9b::/96).');
      return { operation: 'instance-add', ...base, name, framework, pool6: pool6 as string };
    }
    case 'instance remove':
      return { operation: 'instance-remove', ...base, name: nameArgument(parsed, named(), fail) };
    case 'instance status':
      return { operation: 'instance-status', ...base, name: nameArgument(parsed, named(), fail) };
    case 'instance flush':
      noArguments();
      return { operation: 'instance-flush', ...base };
    case 'file handle':
    case 'file check':
      return fileHandle(command === 'file check' ? 'file-check' : 'file-handle', parsed, base, named(), environment, fail);
    case 'global display':
      noArguments();
      return { operation: 'global-display', ...base, instance: named() ?? DEFAULT_INSTANCE, csv: has(parsed, 'csv'), headers: !has(parsed, 'no-headers') };
    case 'stats display':
      noArguments();
      return {
        operation: 'stats-display',
        ...base,
        instance: named() ?? DEFAULT_INSTANCE,
        all: has(parsed, 'all'),
        explain: has(parsed, 'explain'),
        csv: has(parsed, 'csv'),
        headers: !has(parsed, 'no-headers'),
      };
  }
  throw new Error(`no handler for ${command}`);
}

function fileHandle(operation: 'file-handle' | 'file-check', parsed: ArgpResult, base: Common, instance: string | undefined, environment: Environment, fail: (m: string) => Error): Request {
  if (parsed.args.length === 0) throw fail('the command is missing a file name.');
  if (parsed.args.length > 1) throw fail(`takes one file, but got ${quote(parsed.args[0])} and ${quote(parsed.args[1])}.`);
  if (parsed.args[0] === '') throw fail("the file name '' is empty.");
  return {
    operation,
    ...base,
    file: parsed.args[0],
    ...(instance === undefined ? {} : { instance }),
    force: has(parsed, 'force'),
    ephemeral: ephemeralFromEnvironment(environment),
  };
}

/** `jool pool4 display --state x.json`: say where the option goes rather than that it is unknown. */
function refuseMisplacedGlobals(args: readonly string[], command: string): void {
  const misplaced = args.find((w) => /^--(state|instance|file)(=|$)/.test(w));
  if (misplaced === undefined) return;
  const option = GLOBAL_OPTIONS.find((o) => o.name === misplaced.slice(2).split('=')[0])!;
  throw usageError(`${command}: --${option.name} goes before the mode, as Jool's global options do: jool --${option.name} <${option.value}> ${command} ...`, `jool ${command}`);
}

/** Runs an argp parse, turning its complaint into a usage error of this command ('' before the mode). */
function options(parse: () => ArgpResult, command: string): ArgpResult {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ArgpError) throw usageError(`${command === '' ? '' : `${command}: `}${printable(e.message, 200)}.`, command === '' ? 'jool' : `jool ${command}`);
    throw e;
  }
}

/** A mode ('' before it) or an operation of the mode from its (possibly abbreviated) word. */
function pick(token: string | undefined, labels: readonly string[], mode: string, what: string): string {
  const where = mode === '' ? '' : `${mode}: `;
  const help = mode === '' ? 'jool' : `jool ${mode}`;
  // The 27 globals make too long a line: --help lists them.
  const named = (some: readonly string[]) => (some.length > 8 ? `one of the ${some.length} that '${help} --help' lists` : list(some, 'or'));
  if (token === undefined) throw usageError(`${mode === '' ? 'jool' : mode} needs ${what}: ${named(labels)}.`, help);
  const { label, candidates } = matchLabel(token, labels);
  if (label !== undefined) return label;
  if (candidates.length > 1) throw usageError(`${where}${quote(token)} is ambiguous: it could be ${named(candidates)}.`, help);
  throw usageError(`${where}unexpected ${quote(token)}; expected ${what}: ${named(labels)}.`, help);
}

function has(parsed: ArgpResult, name: string): boolean {
  return parsed.given.some((g) => g.option.name === name);
}

/** The last value of a repeated option (Jool's last wins), checked where it is read. */
function last(parsed: ArgpResult, name: string): string | number | undefined {
  const given = parsed.given.filter((g) => g.option.name === name).pop();
  if (given === undefined) return undefined;
  return checked(given, (text) => (name === 'max-iterations' ? parseMaxIterations(text) : name === 'pool6' ? parsePool6(text) : text));
}

function mark(parsed: ArgpResult): number {
  const given = parsed.given.filter((g) => g.option.name === 'mark').pop();
  return given === undefined ? 0 : checked(given, parseMark);
}

function checked<T>(given: Given, parse: (text: string) => T): T {
  try {
    return parse(given.value ?? '');
  } catch (e) {
    if (e instanceof BadValue) throw new BadValue(`${given.as}: ${e.message}`);
    throw e;
  }
}

/** Jool's one-protocol rule: a second protocol flag, even the same one, is refused. */
function oneProtocol(parsed: ArgpResult, fail: (m: string) => Error): Protocol | undefined {
  const flags = parsed.given.filter((g) => ['tcp', 'udp', 'icmp'].includes(g.option.name));
  if (flags.length > 1) throw fail(`only one protocol is allowed per request, but got ${flags[0].as} and ${flags[1].as}.`);
  return flags.length === 0 ? undefined : PROTOCOLS.find((p) => p.toLowerCase() === flags[0].option.name);
}

/** A positional with a dot is the prefix, any other the port range (Jool's parse_pool4_entry()). */
function pool4Arguments(args: readonly string[], fail: (m: string) => Error): { prefix?: Prefix; ports?: PortRange } {
  let prefix: string | undefined;
  let ports: string | undefined;
  for (const a of args) {
    if (a.includes('.')) {
      if (prefix !== undefined) throw fail(`takes one IPv4 prefix, but got ${quote(prefix)} and ${quote(a)}.`);
      prefix = a;
    } else {
      if (ports !== undefined) throw fail(`takes one port range, but got ${quote(ports)} and ${quote(a)}.`);
      ports = a;
    }
  }
  return {
    prefix: prefix === undefined ? undefined : parsePrefix(prefix),
    ports: ports === undefined ? undefined : parsePortRange(ports),
  };
}

/** An instance's name: the argument, else -i (they must agree), else "default". */
function nameArgument(parsed: ArgpResult, fromGlobal: string | undefined, fail: (m: string) => Error): string {
  if (parsed.args.length > 1) throw fail(`takes one instance name, but got ${quote(parsed.args[0])} and ${quote(parsed.args[1])}.`);
  const given = parsed.args[0] === undefined ? undefined : instanceName(parsed.args[0], 'the name');
  if (given !== undefined && fromGlobal !== undefined && given !== fromGlobal) {
    throw fail(`you entered two different instance names (${quote(fromGlobal)} and ${quote(given)}); give one.`);
  }
  return given ?? fromGlobal ?? DEFAULT_INSTANCE;
}

function list(items: readonly string[], and = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

