/**
 * The Jool 4 dialect: `jool [global options] <mode> <operation> [options and arguments]` argv ->
 * Request (SPEC 6.1). Modes and operations abbreviate to any unambiguous prefix, as in Jool's
 * main.c; each operation's options follow GNU argp (argp.ts) and come from jool4-options.ts.
 */
import { EXIT_REFUSED, JoolError, usageError } from '../errors.js';
import { DEFAULT_INSTANCE, type Framework } from '../instance/instances.js';
import type { MaxIterations } from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';
import { printable, quote } from '../quote.js';
import { anyReleaseGlobal, type GlobalValue, globalNamed, globalNames, GlobalProblem, parseGlobalText, releasesWith, TYPE_WORDS } from '../global/globals.js';
import { has as hasBehaviour, type Jool4Release } from '../releases/releases.js';
import { BadValue } from '../formats/values.js';
import { argp, type ArgpResult } from './argp.js';
import { common, withoutSeed, ephemeralFromEnvironment, instanceName, releasesFrom, transportArguments } from './common.js';
import { BUILTIN, GLOBAL_OPTIONS, MODES } from './jool4-options.js';
import type { Common, Environment, Request } from './requests.js';
import { has, last, list, mark, nameArgument, oneProtocol, options, pick, pool4Arguments, refuseMisplacedGlobals } from './jool4-args.js';

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
  let versionFlag: string | undefined;
  for (const g of globals.given) if (g.option.name === 'jool-version') versionFlag = g.value;
  const versions = releasesFrom(versionFlag, environment.env.JOOL_VERSION);
  const release = versions.release;
  for (const g of globals.given) {
    const name = g.option.name;
    if (name === 'help' || name === 'usage') return { operation: 'help' };
    if (name === 'version') return { operation: 'version', ...withoutSeed(versions) };
    // The later of -i and -f wins, as in Jool.
    if (name === 'instance') [instance, file] = [g.value, undefined];
    if (name === 'file') [file, instance] = [g.value, undefined];
    if (name === 'state') stateFlag = g.value;
  }
  const words = argv.slice(globals.rest);
  // joold is listed and abbreviates until 4.1.13, which hides it; session's joold operations come with 4.1.13.
  const joold = hasBehaviour(release, 'joold-hidden') ? [] : ['joold'];
  const modeName = words[0] === 'joold' ? 'joold' : pick(words[0], [...MODES.map((m) => m.name), ...joold], '', 'a mode');
  if (modeName === 'joold') throw withoutKernel('joold');
  const mode = MODES.find((m) => m.name === modeName)!;
  const syncs = modeName === 'session' && hasBehaviour(release, 'joold-hidden') ? JOOLD_OPERATIONS : [];
  const opName = pick(words[1], [...mode.operations.map((o) => o.name), ...syncs], modeName, 'an operation');
  if (syncs.includes(opName)) throw withoutKernel(`session ${opName}`);
  const op = mode.operations.find((o) => o.name === opName)!;
  const command = `${modeName} ${opName}`;
  const topic = `jool ${command}`;
  // `global update` takes its key as a third word, abbreviated like the first two (Jool's main.c).
  const key = command === 'global update' && !isHelp(words[2]) ? globalKey(words[2], release) : undefined;
  const rest = words.slice(key === undefined ? 2 : 3);
  refuseMisplacedGlobals(rest, command);
  const parsed = options(() => argp(rest, [...op.options, ...BUILTIN]), command);
  if (has(parsed, 'help') || has(parsed, 'usage')) return { operation: 'help' };
  if (has(parsed, 'version')) return { operation: 'version', ...withoutSeed(versions) };
  try {
    const base = common(stateFlag, environment, versionFlag);
    if (key !== undefined) return globalUpdate(key, parsed, base, instance, file, environment);
    return request(command, parsed, base, environment, instance, file);
  } catch (e) {
    if (e instanceof BadValue) throw usageError(`${command}: ${e.message}`, topic);
    throw e;
  }
}

/** `global update`'s key, abbreviated as Jool abbreviates it, among the release's keys; another release's key is named as such. */
function globalKey(token: string | undefined, release: Jool4Release): string {
  const names = globalNames(release);
  const elsewhere = token === undefined || names.some((n) => n.startsWith(token)) ? undefined : anyReleaseGlobal(token);
  if (elsewhere !== undefined) {
    const has = releasesWith(elsewhere);
    const span = has.length === 1 ? has[0] : `${has[0]} to ${has[has.length - 1]}`;
    throw usageError(`global update: Jool ${release} has no global ${quote(elsewhere)}; it is a global of Jool ${span} (docs/releases.md).`, 'jool global update');
  }
  return pick(token, names, 'global update', 'a key');
}

/** Session synchronization's operations in 4.1.13 and later (version-facts 1, G). */
const JOOLD_OPERATIONS = ['follow', 'proxy', 'advertise'];

/** joold's commands are well formed, but they talk to other translators' kernels, and there is none here. */
function withoutKernel(command: string): JoolError {
  return new JoolError(EXIT_REFUSED, `${command}: session synchronization (joold) runs between translators' kernel modules; this program has no kernel, so no sessions to synchronise.`);
}

function isHelp(word: string | undefined): boolean {
  return word !== undefined && ['--help', '-?', '--usage'].includes(word);
}

/** `global update <key> <value> [--force]`: the value read as its type; the kernel's rules are the operation's. */
function globalUpdate(key: string, parsed: ArgpResult, base: Common, instance: string | undefined, file: string | undefined, environment: Jool4Environment): Request {
  const command = `global update ${key}`;
  const fail = (message: string) => usageError(`${command}: ${message}`, 'jool global update');
  const meta = globalNamed(key, base.release)!;
  if (parsed.args.length === 0) throw fail(`the command is missing a value (a ${TYPE_WORDS[meta.type]}).`);
  if (parsed.args.length > 1) throw fail(`takes one value, but got ${quote(parsed.args[0])} and ${quote(parsed.args[1])}.`);
  const text = parsed.args[0];
  let value: GlobalValue;
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
        dialect: 'jool4',
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
        if (taddr4 === undefined && taddr6 === undefined)
          throw fail('the command is missing at least one transport address (an IPv4 one such as 192.0.2.1#80, an IPv6 one such as 2001:db8::1#80, or both).');
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
      if (!has(parsed, 'netfilter') && !has(parsed, 'iptables') && !hasBehaviour(base.release, 'framework-optional')) {
        throw fail(`Jool ${base.release} needs the instance's framework: give --netfilter or --iptables (Netfilter became the default in 4.1.7; Jool 3.5 behaved as --netfilter).`);
      }
      const framework: Framework = has(parsed, 'iptables') ? 'iptables' : 'netfilter';
      const pool6 = last(parsed, 'pool6');
      if (pool6 === undefined) throw fail('the command is missing --pool6 <IPv6 prefix>: Jool refuses NAT64 instances without one (e.g. --pool6 64:ff9b::/96).');
      return { operation: 'instance-add', ...base, name, framework, pool6: pool6 as string };
    }
    case 'instance remove':
      return { operation: 'instance-remove', ...base, name: nameArgument(parsed, named(), fail) };
    case 'instance status':
      // Its options are flush's: no name (Jool's argp says "Too many arguments"; global-facts 7).
      if (parsed.args.length > 0) throw fail(`takes no instance name, but got ${quote(parsed.args[0])}: name the instance with -i (jool -i ${quote(parsed.args[0])} instance status).`);
      return { operation: 'instance-status', ...base, name: named() ?? DEFAULT_INSTANCE };
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
