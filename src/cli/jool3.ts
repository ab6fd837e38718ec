/**
 * The Jool 3 dialect: `jool --pool4 ...` argv -> Request (SPEC section 1), checked whole before
 * anything runs. Flags and their rules come from jool3-options.ts.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_USAGE, JoolError, usageError } from '../errors.js';
import { DEFAULT_INSTANCE } from '../instance/instances.js';
import { PROTOCOLS, type Entry, type Protocol } from '../pool4/pool.js';
import { printable, quote } from '../quote.js';
import { BadValue, parseMark, parsePortRange, parsePrefix } from '../formats/values.js';
import { common, releaseFrom, ephemeralFromEnvironment, instanceName, parseEphemeralRange, transportArguments } from './common.js';
import { BIB_PROTOCOLS } from '../bib/bib.js';
import { MODES, MODE_OPERATIONS, OPERATIONS, OPTIONS, OTHER_MODES, flagsOf, operationsOf, type Operation } from './jool3-options.js';
import type { Environment, OnInstance, Request } from './requests.js';

const DEFAULT_ADD_PORTS = [60001, 65535] as const;
const DEFAULT_REMOVE_PORTS = [0, 65535] as const;

type Parsed = Record<string, string | number | boolean | undefined>;

export function parseJool3(argv: readonly string[], environment: Environment): Request {
  const end = argv.indexOf('--');
  const other = (end < 0 ? argv : argv.slice(0, end)).find((a) => OTHER_MODES.includes(a));
  if (other !== undefined) throw usageError(`${other} is not provided: this jool provides --pool4, --bib and --session.`);

  const { opts, args } = runCommander(argv);
  if (opts.help) return { operation: 'help' };
  if (opts.version) return { operation: 'version', release: releaseFrom(opts.joolVersion as string | undefined, environment.env.JOOL_VERSION) };
  if (opts.completion !== undefined) {
    if (opts.completion !== 'bash') throw usageError(`--completion ${quote(String(opts.completion))}: only bash is provided.`);
    return { operation: 'completion', shell: 'bash' };
  }
  const modes = MODES.filter((m) => opts[m]);
  if (modes.length === 0) {
    throw usageError('give a mode: --pool4 (or -4), --bib (-b) or --session (-s), e.g. jool --pool4 --display, or speak Jool 4, e.g. jool pool4 display.');
  }
  if (modes.length > 1) throw usageError(`--${modes[0]} and --${modes[1]} are both modes; give one.`);
  const mode = modes[0];

  const given = OPERATIONS.filter((op) => opts[op] !== undefined);
  if (given.length > 1) throw usageError(`--${given[0]} and --${given[1]} are both operations; give one.`);
  const operation: Operation = given[0] ?? 'display';
  if (!MODE_OPERATIONS[mode].includes(operation)) {
    throw usageError(`--${operation} does not go with --${mode}; its operations are ${MODE_OPERATIONS[mode].map((op) => `--${op}`).join(', ')}.`);
  }

  for (const o of OPTIONS) {
    const goesWith = operationsOf(o, mode);
    if (opts[o.key] !== undefined && goesWith !== undefined && !goesWith.includes(operation)) {
      const with_ = mode === 'pool4' ? `--${operation}` : `--${mode} --${operation}`;
      const where = goesWith.length === 0 ? `it is not an option of --${mode}` : `it goes with ${goesWith.map((op) => `--${op}`).join(', ')}`;
      throw usageError(`--${o.long} does not go with ${with_}; ${where}.`);
    }
  }

  const base = common(opts.state as string | undefined, environment, opts.joolVersion as string | undefined);
  const instance = opts.instance === undefined ? DEFAULT_INSTANCE : instanceName(opts.instance as string, '--instance');
  const onInstance: OnInstance = { ...base, instance };
  const chosen = PROTOCOLS.filter((p) => opts[p.toLowerCase()]);
  const protocols: readonly Protocol[] = chosen.length > 0 ? chosen : PROTOCOLS;
  const mark = opts.mark as number | undefined;
  if (mode !== 'pool4') return bibOrSession(mode, operation, opts, args, onInstance);

  if (operation === 'add' || operation === 'remove') {
    const { prefix, ports } = positionals(args, operation);
    const entry: Entry = {
      mark: mark ?? 0,
      protocols,
      prefix: parsePrefix(prefix),
      ports: ports === undefined ? (operation === 'add' ? DEFAULT_ADD_PORTS : DEFAULT_REMOVE_PORTS) : parsePortRange(ports),
    };
    if (operation === 'add') return { operation, ...onInstance, dialect: 'jool3', entry, force: opts.force === true };
    // Jool 3 cleans all three BIB tables, whatever the protocols removed from pool4 (bib-facts 5).
    return { operation, ...onInstance, dialect: 'jool3', entry, cascade: PROTOCOLS, quick: opts.quick === true };
  }
  const source = (opts.import ?? opts.plan) as string | undefined;
  if (source?.startsWith('-') && source !== '-') {
    // commander gives --import the next argument whatever it is: `--import --replace FILE`.
    const example = operation === 'import' ? '--import FILE --replace' : '--plan FILE --syntax jool4';
    throw usageError(`--${operation} took ${quote(source)} as its file name: the file must come right after --${operation}, e.g. jool --pool4 ${example}.`);
  }
  if (args.length > 0) throw usageError(`--${operation} takes no arguments, but got ${quote(args[0])}.`);
  if (operation === 'display') {
    const formats = (['csv', 'table', 'json'] as const).filter((f) => opts[f]);
    if (formats.length > 1) throw usageError(`--${formats[0]} and --${formats[1]} are both output formats; give one.`);
    if (opts.all === true) {
      if (formats[0] !== 'json') throw usageError('--all goes with --json: jool --pool4 --display --json --all prints the whole instance as a Jool 4 configuration.');
      const filter = ['mark', 'tcp', 'udp', 'icmp'].find((k) => opts[k] !== undefined);
      if (filter !== undefined) throw usageError(`--all prints the whole instance, so --${filter} has nothing to choose; drop one of them.`);
      return { operation, ...onInstance, format: 'json', filter: {}, all: true };
    }
    return { operation, ...onInstance, format: formats[0] ?? 'tabs', filter: { mark, protocols: chosen.length > 0 ? chosen : undefined } };
  }
  if (operation === 'check') {
    const range = opts.ephemeralRange as string | undefined;
    return { operation, ...onInstance, ephemeral: range === undefined ? undefined : parseEphemeralRange(range) };
  }
  if (operation === 'import' || operation === 'plan') {
    if (source === undefined) throw new Error(`${operation} without a source`);
    if (source === '') throw usageError(`--${operation} '' is empty: give a file name, or - for standard input.`);
    if (operation === 'import') return { operation, ...onInstance, source, replace: opts.replace === true };
    const syntax = (opts.syntax as string | undefined) ?? 'jool3';
    if (syntax !== 'jool3' && syntax !== 'jool4') throw usageError(`--syntax ${quote(syntax)}: give jool3 or jool4.`);
    const range = opts.ephemeralRange as string | undefined;
    return { operation, ...onInstance, source, syntax, ephemeral: range === undefined ? ephemeralFromEnvironment(environment) : parseEphemeralRange(range) };
  }
  if (operation === 'flush') return { operation, ...onInstance, quick: opts.quick === true };
  return { operation, ...onInstance };
}

/** `jool --bib ...` and `jool --session ...` (bib-facts 1, 7): protocols add up, none means all three. */
function bibOrSession(mode: 'bib' | 'session', operation: Operation, opts: Parsed, args: readonly string[], onInstance: OnInstance): Request {
  const chosen = BIB_PROTOCOLS.filter((p) => opts[p.toLowerCase()]);
  const protocols = chosen.length > 0 ? chosen : BIB_PROTOCOLS;
  if (operation === 'add' || operation === 'remove') {
    const { taddr4, taddr6 } = transportArguments(args, (m) => usageError(`--bib --${operation} ${m}`));
    if (operation === 'add') {
      const missing = [
        taddr6 === undefined ? 'an IPv6 transport address (<bib6>, e.g. 2001:db8::1#80)' : undefined,
        taddr4 === undefined ? 'an IPv4 transport address (<bib4>, e.g. 192.0.2.1#80)' : undefined,
      ];
      const named = missing.filter((m): m is string => m !== undefined);
      if (named.length > 0) throw usageError(`--bib --add needs ${named.join(' and ')}.`);
      return { operation: 'bib-add', ...onInstance, dialect: 'jool3', protocols, taddr4: taddr4!, taddr6: taddr6! };
    }
    if (taddr4 === undefined && taddr6 === undefined) {
      throw usageError('--bib --remove needs an IPv4 transport address (<bib4>, e.g. 192.0.2.1#80), an IPv6 one (<bib6>, e.g. 2001:db8::1#80), or both.');
    }
    return { operation: 'bib-remove', ...onInstance, dialect: 'jool3', protocols, taddr4, taddr6 };
  }
  if (args.length > 0) throw usageError(`--${mode} --${operation} takes no arguments, but got ${quote(args[0])}.`);
  if (operation === 'count') return { operation: mode === 'bib' ? 'bib-count' : 'session-count', ...onInstance, protocols };
  const display = { ...onInstance, dialect: 'jool3' as const, protocols, csv: opts.csv === true, headers: true };
  if (mode === 'session') return { operation: 'session-display', ...display };
  return { operation: 'bib-display', ...display, numeric: opts.numeric === true };
}

function runCommander(argv: readonly string[]): { opts: Parsed; args: string[] } {
  const program = new Command('jool')
    .helpOption(false)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .argument('[arguments...]')
    .allowExcessArguments(false);
  for (const o of OPTIONS) {
    const option = new Option(flagsOf(o), o.description);
    if (o.key === 'mark') option.argParser(markArgument);
    program.addOption(option);
  }
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw new JoolError(EXIT_USAGE, commanderMessage(e));
    throw e;
  }
  return { opts: program.opts(), args: program.args };
}

function markArgument(text: string): number {
  try {
    return parseMark(text);
  } catch (e) {
    if (e instanceof BadValue) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

function commanderMessage(e: CommanderError): string {
  const text = e.message.replace(/^error: /, '');
  if (e.code === 'commander.invalidArgument') {
    // "option '-m, --mark <mark>' argument 'x' is invalid. <our reason>": keep our reason.
    return `${text.slice(text.indexOf('is invalid. ') + 'is invalid. '.length)}\nTry 'jool --help'.`;
  }
  // Commander quotes the raw argument, which may be long or hold control characters.
  const shown = printable(text, 200);
  if (e.code === 'commander.unknownOption' && /^unknown option '-[0-9]/.test(text)) {
    return `${shown}: marks and ports cannot be negative.\nTry 'jool --help'.`;
  }
  return `${shown}.\nTry 'jool --help'.`;
}

function positionals(args: readonly string[], operation: 'add' | 'remove'): { prefix: string; ports?: string } {
  let prefix: string | undefined;
  let ports: string | undefined;
  for (const a of args) {
    if (a.includes('.')) {
      if (prefix !== undefined) throw usageError(`--${operation} takes one IPv4 prefix, but got ${quote(prefix)} and ${quote(a)}.`);
      prefix = a;
    } else {
      if (ports !== undefined) throw usageError(`--${operation} takes one port range, but got ${quote(ports)} and ${quote(a)}.`);
      ports = a;
    }
  }
  if (prefix === undefined) {
    const got = ports === undefined ? '' : ` (got only ${quote(ports)}, which is read as a port range)`;
    throw usageError(`--${operation} needs an IPv4 prefix${got}, e.g. jool --pool4 --${operation} 192.0.2.1.`);
  }
  return { prefix, ports };
}
