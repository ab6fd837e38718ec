/**
 * The Jool 3 dialect: `jool --pool4 ...`, `--bib`, `--session`, `--pool6`, `--global` argv ->
 * Request (SPEC sections 1 and 12), checked whole before anything runs. Flags and their rules come
 * from jool3-options.ts; the mode and operation a command leaves unsaid are chosen as Jool's
 * parser chooses them (update_state() in usr/common/jool.c): the lowest that every word allows.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_USAGE, JoolError, usageError } from '../errors.js';
import { DEFAULT_INSTANCE } from '../instance/instances.js';
import { PROTOCOLS, type Entry, type MaxIterations, type Protocol } from '../pool4/pool.js';
import { printable, quote } from '../quote.js';
import { BadValue, parseMark, parseMaxIterations, parsePortRange, parsePrefix } from '../formats/values.js';
import { common, withoutSeed, releasesFrom, ephemeralFromEnvironment, instanceName, parseEphemeralRange } from './common.js';
import { has, SEED, type Jool3Answer } from '../releases/releases.js';
import { MODES, MODE_OPERATIONS, OPERATIONS, OPTIONS, OTHER_MODES, flagsOf, operationsOf, type Mode, type Operation, type OptionSpec } from './jool3-options.js';
import type { Environment, OnInstance, Request } from './requests.js';
import { bibOrSession, globalRequest, pool6Request, type Parsed } from './jool3-modes.js';
import { generateRequest, lookupRequest } from './jool3-marks.js';

const SEED_PORTS = [60001, 65535] as const;
const EVERY_PORT = [0, 65535] as const;

/** What a positional argument is, by its look (set_ip_args()): a BIB address has a #, an IPv6 one a colon. */
type Positional = 'prefix4' | 'ports' | 'prefix6' | 'bib';
const POSITIONAL_MODES: Readonly<Record<Positional, readonly Mode[]>> = { prefix4: ['pool4'], ports: ['pool4'], prefix6: ['pool6'], bib: ['bib'] };

function kindOf(arg: string): Positional {
  if (arg.includes(':')) return arg.includes('#') ? 'bib' : 'prefix6';
  if (arg.includes('.')) return arg.includes('#') ? 'bib' : 'prefix4';
  return 'ports';
}

export function parseJool3(argv: readonly string[], environment: Environment): Request {
  const end = argv.indexOf('--');
  const other = (end < 0 ? argv : argv.slice(0, end)).find((a) => OTHER_MODES.includes(a));
  if (other !== undefined) throw usageError(`${other} is not provided: this jool provides --pool4, --bib, --session, --pool6 and --global.`);

  const { opts, args } = runCommander(argv);
  if (opts.help) return { operation: 'help' };
  const versions = releasesFrom(opts.joolVersion as string | undefined, environment.env.JOOL_VERSION);
  if (opts.version) return { operation: 'version', ...withoutSeed(versions) };
  if (opts.completion !== undefined) {
    if (opts.completion !== 'bash') throw usageError(`--completion ${quote(String(opts.completion))}: only bash is provided.`);
    return { operation: 'completion', shell: 'bash' };
  }
  const release = versions.jool3;
  const given = OPTIONS.filter((o) => opts[o.key] !== undefined);
  for (const o of given) checkRelease(o, release);

  const mode = modeOf(given, args, release);
  const explicit = OPERATIONS.filter((op) => opts[op] !== undefined);
  if (explicit.length > 1) throw usageError(`--${explicit[0]} and --${explicit[1]} are both operations; give one.`);
  const operations = MODE_OPERATIONS[mode].filter((op) => op !== 'update' || mode !== 'pool4' || has(release, 'pool4-table'));
  const operation = explicit[0] ?? lowestOperation(mode, operations, given, args, release);
  if (!operations.includes(operation)) {
    throw usageError(`--${operation} does not go with --${mode}; its operations are ${operations.map((op) => `--${op}`).join(', ')}.`);
  }
  for (const o of given) {
    const goesWith = goesWithOf(o, mode, release);
    if (goesWith !== undefined && !goesWith.includes(operation)) {
      const with_ = mode === 'pool4' ? `--${operation}` : `--${mode} --${operation}`;
      const where = goesWith.length === 0 ? `it is not an option of --${mode}` : `it goes with ${goesWith.map((op) => `--${op}`).join(', ')}`;
      throw usageError(`--${o.long} does not go with ${with_}; ${where}.`);
    }
  }

  const base = common(opts.state as string | undefined, environment, opts.joolVersion as string | undefined);
  const instance = opts.instance === undefined ? DEFAULT_INSTANCE : instanceName(opts.instance as string, '--instance');
  const onInstance: OnInstance = { ...base, instance };
  const headers = opts.headers !== false;
  if (mode === 'global') return globalRequest(operation, given, opts, args, onInstance, headers);
  if (mode === 'pool6') return pool6Request(operation, opts, args, onInstance, headers);
  if (mode !== 'pool4') return bibOrSession(mode, operation, opts, args, onInstance, headers);
  return pool4Request(operation, opts, args, onInstance, environment, headers);
}

/** A flag of another Jool 3 than the one in effect is refused as that Jool refuses it: unknown. */
function checkRelease(o: OptionSpec, release: Jool3Answer): void {
  const thirtyFive = has(release, 'globals-35');
  const ok = o.in === undefined || o.in === 'both' || (o.in === 'seed' ? !thirtyFive : o.in === '3.5' ? thirtyFive : has(release, 'pool4-table'));
  if (ok) return;
  const which = release === SEED ? 'Jool 3 at f04b57f2 (the seed page; JOOL_VERSION=3.5.x picks a 3.5 release)' : `Jool ${release}`;
  const whose = o.in === 'seed' ? 'the seed (f04b57f2) alone' : o.in === '3.5' ? 'Jool 3.5.0 to 3.5.8' : 'Jool 3.5.5 to 3.5.8';
  throw usageError(`--${o.long} is not an option of ${which}: it is one of ${whose}.`);
}

/**
 * The mode: the one named; else, as Jool's parser does, the lowest every word allows (--global when
 * nothing narrows it). The seed page names a mode always, so there a command that names none is
 * refused, unless a --global key flag says it.
 */
function modeOf(given: readonly OptionSpec[], args: readonly string[], release: Jool3Answer): Mode {
  const named = MODES.filter((m) => given.some((o) => o.mode === m));
  if (named.length > 1) throw usageError(`--${named[0]} and --${named[1]} are both modes; give one.`);
  if (named.length === 1) return named[0];
  let allowed: readonly Mode[] = MODES;
  for (const o of given) if (o.mode === undefined) allowed = allowed.filter((m) => modeAllows(o, m));
  for (const a of args) allowed = allowed.filter((m) => POSITIONAL_MODES[kindOf(a)].includes(m));
  const key = given.find((o) => o.globalKey !== undefined || o.key === 'enable' || o.key === 'disable');
  if (key !== undefined && allowed.includes('global')) return 'global';
  if (release === SEED || allowed.length === 0) {
    throw usageError('give a mode: --pool4 (or -4), --bib (-b), --session (-s), --pool6 (-6) or --global (-g), e.g. jool --pool4 --display, or speak Jool 4, e.g. jool pool4 display.');
  }
  return allowed[0];
}

function modeAllows(o: OptionSpec, mode: Mode): boolean {
  const ops = operationsOf(o, mode);
  return ops === undefined || ops.length > 0;
}

/** The operations o goes with in mode under release (3.5 takes --force with anything). */
function goesWithOf(o: OptionSpec, mode: Mode, release: Jool3Answer): readonly Operation[] | undefined {
  if (o.key === 'force' && has(release, 'globals-35')) return undefined;
  if (o.key === 'quick' && mode === 'pool6' && has(release, 'pool6-bib-flush')) return [];
  const ops = operationsOf(o, mode);
  // Filtering a display by mark is the seed page's extension; 3.5's parser takes --mark for add, update and remove.
  if (o.key === 'mark' && has(release, 'globals-35')) return ops?.filter((op) => op !== 'display');
  return ops;
}

/**
 * No operation named: the lowest that every flag and argument allows, in the release's order
 * (3.5.5 numbers update below add). Nothing allowed: display, whose checks then say what is wrong.
 */
function lowestOperation(mode: Mode, operations: readonly Operation[], given: readonly OptionSpec[], args: readonly string[], release: Jool3Answer): Operation {
  let allowed = operations;
  for (const o of given) {
    const ops = goesWithOf(o, mode, release);
    if (ops !== undefined) allowed = allowed.filter((op) => ops.includes(op));
  }
  if (args.length > 0) allowed = allowed.filter((op) => op === 'add' || op === 'remove');
  if (allowed.length === 0) return operations[0];
  // 3.5.5 renumbered OP_UPDATE (1 << 2) below OP_ADD (1 << 3); display and count stay lowest.
  if (has(release, 'pool4-table') && allowed.includes('update') && !allowed.includes('display') && !allowed.includes('count')) return 'update';
  return allowed[0];
}

function pool4Request(operation: Operation, opts: Parsed, args: readonly string[], onInstance: OnInstance, environment: Environment, headers: boolean): Request {
  const release = onInstance.jool3;
  const chosen = PROTOCOLS.filter((p) => opts[p.toLowerCase()]);
  const protocols: readonly Protocol[] = chosen.length > 0 ? chosen : PROTOCOLS;
  const mark = opts.mark as number | undefined;
  // 3.5's str_to_u32(.., 1, MAX_U32): the same values as Jool 4's.
  const iterations: MaxIterations | undefined = opts.maxIterations === undefined ? undefined : parseMaxIterations(opts.maxIterations as string);
  if (operation === 'add' || operation === 'remove') {
    const { prefix, ports } = positionals(args, operation);
    const defaultPorts = has(release, 'every-port') ? EVERY_PORT : operation === 'add' ? SEED_PORTS : EVERY_PORT;
    const entry: Entry = {
      mark: mark ?? 0,
      protocols,
      prefix: readPrefix(prefix, release),
      ports: ports === undefined ? defaultPorts : parsePortRange(ports),
      ...(iterations === undefined ? {} : { iterations }),
    };
    if (operation === 'add') return { operation, ...onInstance, dialect: 'jool3', entry, force: opts.force === true };
    // The seed cleans all three BIB tables, whatever the protocols removed from pool4 (bib-facts 5); 3.5 the request's.
    const cascade = has(release, 'quick-per-protocol') ? protocols : PROTOCOLS;
    return { operation, ...onInstance, dialect: 'jool3', entry, cascade, quick: opts.quick === true };
  }
  if (operation === 'update') {
    if (args.length > 0) throw usageError(`--update takes no arguments, but got ${quote(args[0])}.`);
    return { operation: 'pool4-update', ...onInstance, mark: mark ?? 0, protocols, iterations };
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
    return {
      operation,
      ...onInstance,
      format: formats[0] ?? 'tabs',
      filter: { mark, protocols: chosen.length > 0 ? chosen : undefined },
      ...(headers ? {} : { headers: false as const }),
    };
  }
  if (operation === 'count') {
    if (has(release, 'no-pool4-count')) {
      throw usageError(`Jool ${release} has no --pool4 --count ("Sorry; --pool4 --count is not implemented anymore.", commit 61fa2977); --pool4 --display lists the samples.`);
    }
    return { operation, ...onInstance };
  }
  const marks = (opts.marks as string[] | undefined) ?? [];
  for (const m of marks)
    if (m === '' || (m.startsWith('-') && m !== '-'))
      throw usageError(`--marks ${quote(m)}: give a file name (ip6tables-save or nft list ruleset output, or prefix,mark lines), or - for standard input.`);
  if (operation === 'check') {
    const range = opts.ephemeralRange as string | undefined;
    if (args.length > 0) throw usageError(`--check takes no arguments, but got ${quote(args[0])}.`);
    return { operation, ...onInstance, ephemeral: range === undefined ? undefined : parseEphemeralRange(range), marks };
  }
  if (operation === 'lookup') return lookupRequest(opts, args, onInstance, chosen, marks);
  if (operation === 'generate') return generateRequest(opts, args, onInstance, protocols, marks, environment);
  if (operation === 'import' || operation === 'plan') {
    if (source === undefined) throw new Error(`${operation} without a source`);
    if (source === '') throw usageError(`--${operation} '' is empty: give a file name, or - for standard input.`);
    if (operation === 'import') return { operation, ...onInstance, source, replace: opts.replace === true };
    const syntax = (opts.syntax as string | undefined) ?? 'jool3';
    if (syntax !== 'jool3' && syntax !== 'jool4') throw usageError(`--syntax ${quote(syntax)}: give jool3 or jool4.`);
    const range = opts.ephemeralRange as string | undefined;
    return { operation, ...onInstance, source, syntax, ephemeral: range === undefined ? ephemeralFromEnvironment(environment) : parseEphemeralRange(range) };
  }
  return { operation: 'flush', ...onInstance, quick: opts.quick === true };
}

/**
 * A prefix with bits past its length: the seed page calls it malformed, 3.5.5 refuses it, and
 * 3.5.0 to 3.5.4 take that many addresses from the one given (foreach_addr4; version-facts P12).
 */
function readPrefix(text: string, release: Jool3Answer | undefined) {
  const slash = text.indexOf('/');
  if (!has(release, 'suffix-iterates') || has(release, 'pool4-table') || slash < 0) return parsePrefix(text);
  return { address: parsePrefix(text.slice(0, slash)).address, length: parsePrefix(`0.0.0.0${text.slice(slash)}`).length };
}

function runCommander(argv: readonly string[]): { opts: Parsed; args: string[] } {
  const program = new Command('jool')
    .helpOption(false)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .argument('[arguments...]')
    .allowExcessArguments(false);
  const words = new Set(argv.map((w) => w.split('=')[0]));
  for (const o of OPTIONS) {
    // The thirty --global key flags cost start-up time; commander needs only those the command names.
    if (o.globalKey !== undefined && !words.has(`--${o.long}`)) continue;
    const option = new Option(flagsOf(o), o.description);
    if (o.key === 'mark') option.argParser(markArgument);
    if (o.key === 'marks') option.argParser((v: string, before: string[] | undefined) => [...(before ?? []), v]);
    program.addOption(option);
  }
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw new JoolError(EXIT_USAGE, commanderMessage(e));
    throw e;
  }
  const opts: Parsed = program.opts();
  // commander gives a --no-x flag the value true when it is not given.
  if (opts.headers === true) delete opts.headers;
  return { opts, args: program.args };
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
