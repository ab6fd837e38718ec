/** What the Jool 4 front end reads from an operation's parsed arguments: the words, options and values it checks. */
import { usageError } from '../errors.js';
import { DEFAULT_INSTANCE } from '../instance/instances.js';
import { PROTOCOLS, type Protocol } from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';
import type { Prefix } from '../pool4/addresses.js';
import { printable, quote } from '../quote.js';
import { BadValue, parseMark, parseMaxIterations, parsePool6, parsePortRange, parsePrefix } from '../formats/values.js';
import { ArgpError, matchLabel, type ArgpResult, type Given } from './argp.js';
import { instanceName } from './common.js';
import { GLOBAL_OPTIONS } from './jool4-options.js';

/** `jool pool4 display --state x.json`: say where the option goes rather than that it is unknown. */
export function refuseMisplacedGlobals(args: readonly string[], command: string): void {
  const misplaced = args.find((w) => /^--(state|instance|file)(=|$)/.test(w));
  if (misplaced === undefined) return;
  const option = GLOBAL_OPTIONS.find((o) => o.name === misplaced.slice(2).split('=')[0])!;
  throw usageError(`${command}: --${option.name} goes before the mode, as Jool's global options do: jool --${option.name} <${option.value}> ${command} ...`, `jool ${command}`);
}

/** Runs an argp parse, turning its complaint into a usage error of this command ('' before the mode). */
export function options(parse: () => ArgpResult, command: string): ArgpResult {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ArgpError) throw usageError(`${command === '' ? '' : `${command}: `}${printable(e.message, 200)}.`, command === '' ? 'jool' : `jool ${command}`);
    throw e;
  }
}

/** A mode ('' before it) or an operation of the mode from its (possibly abbreviated) word. */
export function pick(token: string | undefined, labels: readonly string[], mode: string, what: string): string {
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

export function has(parsed: ArgpResult, name: string): boolean {
  return parsed.given.some((g) => g.option.name === name);
}

/** The last value of a repeated option (Jool's last wins), checked where it is read. */
export function last(parsed: ArgpResult, name: string): string | number | undefined {
  const given = parsed.given.filter((g) => g.option.name === name).pop();
  if (given === undefined) return undefined;
  return checked(given, (text) => (name === 'max-iterations' ? parseMaxIterations(text) : name === 'pool6' ? parsePool6(text) : text));
}

export function mark(parsed: ArgpResult): number {
  const given = parsed.given.filter((g) => g.option.name === 'mark').pop();
  return given === undefined ? 0 : checked(given, parseMark);
}

export function checked<T>(given: Given, parse: (text: string) => T): T {
  try {
    return parse(given.value ?? '');
  } catch (e) {
    if (e instanceof BadValue) throw new BadValue(`${given.as}: ${e.message}`);
    throw e;
  }
}

/** Jool's one-protocol rule: a second protocol flag, even the same one, is refused. */
export function oneProtocol(parsed: ArgpResult, fail: (m: string) => Error): Protocol | undefined {
  const flags = parsed.given.filter((g) => ['tcp', 'udp', 'icmp'].includes(g.option.name));
  if (flags.length > 1) throw fail(`only one protocol is allowed per request, but got ${flags[0].as} and ${flags[1].as}.`);
  return flags.length === 0 ? undefined : PROTOCOLS.find((p) => p.toLowerCase() === flags[0].option.name);
}

/** A positional with a dot is the prefix, any other the port range (Jool's parse_pool4_entry()). */
export function pool4Arguments(args: readonly string[], fail: (m: string) => Error): { prefix?: Prefix; ports?: PortRange } {
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
export function nameArgument(parsed: ArgpResult, fromGlobal: string | undefined, fail: (m: string) => Error): string {
  if (parsed.args.length > 1) throw fail(`takes one instance name, but got ${quote(parsed.args[0])} and ${quote(parsed.args[1])}.`);
  const given = parsed.args[0] === undefined ? undefined : instanceName(parsed.args[0], 'the name');
  if (given !== undefined && fromGlobal !== undefined && given !== fromGlobal) {
    throw fail(`you entered two different instance names (${quote(fromGlobal)} and ${quote(given)}); give one.`);
  }
  return given ?? fromGlobal ?? DEFAULT_INSTANCE;
}

export function list(items: readonly string[], and = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
