/**
 * Jool 4's atomic configuration file (`jool file handle`, SPEC 6.4 and 10; Jool's src/usr/nl/file.c):
 * text -> the instance, its framework, pool6 and globals, its pool4 entries and its static BIB
 * entries. Keys are case-insensitive, `comment` may appear anywhere, and a repeated or unknown key
 * is refused. Pure: each problem is a ConfigError naming where it is.
 */
import { cjsonReads } from './mark-values.js';
import { FRAMEWORKS, isInstanceName, type Framework } from '../instance/instances.js';
import { MAX_ITERATIONS, MAX_MARK, PROTOCOLS, type Entry, type MaxIterations, type Protocol } from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';
import { JsonObject, JsonSyntaxError, kindOf, parseJson, type JsonValue } from './json.js';
import { printable, quote } from '../quote.js';
import { BadValue, parsePrefix, sharedPortRange, parseTransport4, parseTransport6 } from './values.js';
import { checkGlobal, checkPool6, GlobalProblem, globalNamed, globalsOf, NO_SETTINGS, readGlobalJson, SIIT_GLOBALS, withSetting, type ConfigGlobals, type GlobalSettings } from '../global/globals.js';
import type { Jool4Release } from '../releases/releases.js';
import { entryOf, type BibEntry } from '../bib/bib.js';

/** What is wrong with a configuration file, and where ("pool4[2]", "global", "" for the whole file). */
export class ConfigError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(where === '' ? problem : `${where}: ${problem}`);
  }
}

export interface ConfigEntry {
  readonly entry: Entry;
  /** Where it came from, for messages: "pool4[2]", "line 3". */
  readonly where: string;
}

export interface ConfigBibEntry {
  readonly protocol: Protocol;
  readonly entry: BibEntry;
  /** "bib[2]". */
  readonly where: string;
}

/**
 * What a file says, as far as it could be read: file handle applies it only when no problem was
 * found; file check reports every problem. A part that could not be read is undefined (or left out
 * of its list) and its problem is in problems.
 */
export interface AtomicConfig {
  readonly instance?: string;
  readonly framework?: Framework;
  readonly pool6?: string;
  /** The globals the file sets apart from their defaults; every other one returns to its default. */
  readonly settings: GlobalSettings;
  /** Absent or [] empties the instance's pool4. */
  readonly pool4: readonly ConfigEntry[];
  readonly bib: readonly ConfigBibEntry[];
  readonly problems: readonly ConfigError[];
}

/** Jool 4's default when an entry gives no "port range" (file handle only; `pool4 add` needs one). */
export const CONFIG_DEFAULT_PORTS: PortRange = [61001, 65535];

export function readJsonText(text: string): JsonValue {
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new ConfigError('', `is not valid JSON: ${e.message}`);
    throw e;
  }
}

const TOP_KEYS = ['instance', 'framework', 'global', 'pool4', 'bib'];
/** SIIT's top-level keys: Jool's NAT64 says "Unknown tag" for them. */
const SIIT_KEYS = ['eamt', 'denylist4', 'blacklist4'];

/**
 * A configuration as Jool 4.1.15 reads it (src/usr/nl/file.c) and as its kernel checks each value,
 * reading on past a problem so that every one is found. force is `--force` (pool6's u-bit).
 */
export function readAtomicConfig(text: string, force: boolean, release: Jool4Release): AtomicConfig {
  const problems: ConfigError[] = [];
  const empty = { settings: NO_SETTINGS, pool4: [], bib: [], problems };
  let root: JsonValue;
  try {
    root = readJsonText(text);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(e);
    return empty;
  }
  if (!(root instanceof JsonObject)) {
    problems.push(new ConfigError('', `is ${kindOf(root)}, not a JSON object with "instance", "framework", "global" and "pool4"`));
    return empty;
  }
  const keys = members(root, 'the top level', TOP_KEYS, problems, (key) =>
    SIIT_KEYS.includes(key.toLowerCase()) ? `${quote(key)} is SIIT's (jool_siit); a NAT64 instance has none, and Jool refuses the key` : undefined,
  );
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e);
      return undefined;
    }
  };
  const instance = attempt(() => {
    const v = keys.get('instance');
    if (v === undefined) throw new ConfigError('', 'has no "instance": the configuration must name its instance');
    if (typeof v !== 'string' || !isInstanceName(v)) throw new ConfigError('instance', `${show(v)} is not an instance name (1 to 15 printable ASCII characters)`);
    return v;
  });
  const framework = attempt(() => {
    const v = keys.get('framework');
    if (v === undefined) throw new ConfigError('', 'has no "framework": give "netfilter" or "iptables"');
    if (!FRAMEWORKS.includes(v as Framework)) throw new ConfigError('framework', `${show(v)} is not "netfilter" or "iptables"`);
    return v as Framework;
  });
  const globals = attempt(() => {
    const v = keys.get('global');
    if (v === undefined) throw new ConfigError('', 'has no "global": a NAT64 instance needs "global": { "pool6": "64:ff9b::/96" } (or another prefix)');
    if (!(v instanceof JsonObject)) throw new ConfigError('global', `is ${kindOf(v)}, not an object`);
    return readGlobals(v, force, problems, true, release);
  });
  const pool4 = keys.get('pool4');
  const bib = keys.get('bib');
  return {
    instance,
    framework,
    pool6: globals?.pool6,
    settings: globals?.settings ?? NO_SETTINGS,
    pool4: pool4 === undefined ? [] : (attempt(() => readPool4(pool4, 'pool4', problems)) ?? []),
    bib: bib === undefined ? [] : (attempt(() => readBib(bib, 'bib', problems)) ?? []),
    problems,
  };
}

/**
 * The `global` object: the release's NAT64 globals by exact name (any case), each of its JSON type
 * and within the kernel's rules; SIIT's refused, as Jool's kernel refuses them, and another
 * release's as this one's client refuses them ("Unknown tag"); pool6 mandatory.
 */
export function readGlobals(o: JsonObject, force: boolean, problems: ConfigError[], needsPool6: boolean, release: Jool4Release): ConfigGlobals {
  const metas = globalsOf(release);
  const unknown = (key: string) =>
    SIIT_GLOBALS.includes(key.toLowerCase())
      ? `${quote(key)} is an SIIT global; Jool's NAT64 kernel refuses it ("The 'Globals Container' attribute is malformed")`
      : `unknown key ${quote(key)}; ${globalNamed(key.toLowerCase()) === undefined ? "a NAT64's globals are the keys that jool global display lists" : `Jool ${release} has no such global (docs/releases.md)`}`;
  const names = metas.map((g) => g.name);
  const keys = members(o, 'global', names, problems, unknown);
  let settings = NO_SETTINGS;
  let pool6: string | undefined;
  for (const meta of metas) {
    const v = keys.get(meta.name);
    if (v === undefined) continue;
    try {
      const value = readGlobalJson(meta, v);
      const shown = JSON.stringify(v);
      if (meta.name === 'pool6') pool6 = checkPool6(value as string | null, force, shown);
      else settings = withSetting(settings, meta, checkGlobal(meta, value, shown));
    } catch (e) {
      if (!(e instanceof GlobalProblem)) throw e;
      problems.push(new ConfigError(`global.${meta.name}`, `${e.shown} ${e.problem}`));
    }
  }
  if (needsPool6 && pool6 === undefined && !keys.has('pool6')) problems.push(new ConfigError('global', 'has no "pool6": NAT64 instances need one, such as "64:ff9b::/96"'));
  return { pool6, settings };
}

const BIB_KEYS = ['protocol', 'ipv6 address', 'ipv4 address'];

/** A `bib` array (Jool's handle_bib_entry()): every key mandatory, the addresses read as the command line reads them. */
export function readBib(list: JsonValue, at: string, problems?: ConfigError[]): ConfigBibEntry[] {
  return eachObject(list, at, BIB_KEYS, problems, (keys, where) => {
    const missing = BIB_KEYS.filter((k) => !keys.has(k));
    if (missing.length > 0)
      throw new ConfigError(where, `${missing.map((k) => `"${k}"`).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing; a BIB entry needs "protocol", "ipv6 address" and "ipv4 address"`);
    const text = (key: string, example: string): string => {
      const v = keys.get(key)!;
      if (typeof v !== 'string') throw new ConfigError(where, `"${key}" is ${kindOf(v)}, not a string such as "${example}"`);
      return v;
    };
    const protocol = readProtocol(where, keys.get('protocol')!);
    const taddr6 = value(where, () => parseTransport6(text('ipv6 address', '2001:db8::1#80')));
    const taddr4 = value(where, () => parseTransport4(text('ipv4 address', '192.0.2.1#80')));
    return { protocol, entry: entryOf(taddr4, taddr6), where };
  });
}

/** For `jool -f FILE`: the first "instance" of the file, as Jool reads it before anything else. */
export function instanceNameIn(text: string): string {
  const root = readJsonText(text);
  const found = root instanceof JsonObject ? root.members.find(([k]) => k.toLowerCase() === 'instance') : undefined;
  if (found === undefined) throw new ConfigError('', 'has no "instance" to take the instance name from');
  if (typeof found[1] !== 'string' || !isInstanceName(found[1])) {
    throw new ConfigError('instance', `${show(found[1])} is not an instance name (1 to 15 printable ASCII characters)`);
  }
  return found[1];
}

/** [protocol], one array for each: a file may hold 196,608 entries. */
const ONE_PROTOCOL: Readonly<Record<Protocol, readonly Protocol[]>> = { ICMP: ['ICMP'], UDP: ['UDP'], TCP: ['TCP'] };
const ENTRY_KEYS = ['protocol', 'prefix', 'mark', 'port range', 'max-iterations'];

/** A `pool4` array: what `file handle` and `--import` read. */
export function readPool4(list: JsonValue, at: string, problems?: ConfigError[]): ConfigEntry[] {
  return eachObject(list, at, ENTRY_KEYS, problems, (keys, where) => {
    const protocol = keys.get('protocol');
    if (protocol === undefined) throw new ConfigError(where, 'the protocol is missing; give "protocol": TCP, UDP or ICMP');
    const prefix = keys.get('prefix');
    if (prefix === undefined) throw new ConfigError(where, '"prefix" is missing');
    if (typeof prefix !== 'string') throw new ConfigError(where, `"prefix" is ${kindOf(prefix)}, not a string such as "192.0.2.0/24"`);
    const mark = keys.get('mark') ?? 0;
    if (typeof mark !== 'number' || !Number.isInteger(mark) || mark < 0 || mark > MAX_MARK) {
      throw new ConfigError(where, `"mark" is not a whole number from 0 to ${MAX_MARK} (it is ${show(mark)}${cjsonReads(mark, MAX_MARK, true)})`);
    }
    const range = keys.get('port range');
    if (range !== undefined && typeof range !== 'string') throw new ConfigError(where, `"port range" is ${kindOf(range)}, not a string such as "61001-65535"`);
    const iterations = keys.get('max-iterations');
    const entry: Entry = {
      mark,
      protocols: ONE_PROTOCOL[readProtocol(where, protocol)],
      prefix: value(where, () => parsePrefix(prefix)),
      ports: range === undefined ? CONFIG_DEFAULT_PORTS : value(where, () => sharedPortRange(range)),
      iterations: iterations === undefined ? undefined : readIterations(where, iterations),
    };
    return { entry, where };
  });
}

export function readProtocol(where: string, v: JsonValue | string): Protocol {
  const p = typeof v === 'string' ? v.trim().toUpperCase() : '';
  if (!PROTOCOLS.includes(p as Protocol)) {
    throw new ConfigError(where, `${typeof v === 'string' ? `the protocol ${quote(v)} is unknown` : `"protocol" is ${kindOf(v)}`}; expected TCP, UDP or ICMP`);
  }
  return p as Protocol;
}

function readIterations(where: string, v: JsonValue): MaxIterations {
  if (v === 'auto' || v === 'infinity') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_ITERATIONS) return v;
  throw new ConfigError(where, `"max-iterations" ${show(v)} is not "auto", "infinity" or a whole number from 1 to ${MAX_ITERATIONS}${cjsonReads(v, MAX_ITERATIONS, false)}`);
}

/**
 * An array of objects (`pool4`, `bib`), each read by its members and where it stands ("bib[2]").
 * With problems, an entry that cannot be read is left out and its problem kept; without, it is thrown.
 */
function eachObject<T>(list: JsonValue, at: string, allowed: readonly string[], problems: ConfigError[] | undefined, read: (keys: Map<string, JsonValue>, where: string) => T): T[] {
  if (!Array.isArray(list)) throw new ConfigError(at, `is ${kindOf(list)}, not an array`);
  const out: T[] = [];
  list.forEach((item, i) => {
    const where = `${at}[${i}]`;
    try {
      if (!(item instanceof JsonObject)) throw new ConfigError(where, `is not an object (it is ${kindOf(item)})`);
      out.push(read(members(item, where, allowed), where));
    } catch (e) {
      if (!(e instanceof ConfigError) || problems === undefined) throw e;
      problems.push(e);
    }
  });
  return out;
}

/**
 * An object's members by lower-cased key, `comment` dropped. allowed lists the keys it may have; a
 * key given twice, in any case, is refused as Jool refuses it. With problems, a refused key is
 * kept there and skipped; unknown says what is wrong with a key that is not allowed.
 */
function members(o: JsonObject, where: string, allowed: readonly string[], problems?: ConfigError[], unknown: (key: string) => string | undefined = () => undefined): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  o.forEach((key, v) => {
    const k = key.toLowerCase();
    if (k === 'comment') return;
    let problem: ConfigError | undefined;
    if (!allowed.includes(k)) {
      problem = new ConfigError(where, unknown(key) ?? `unknown key ${quote(key)}; the keys are ${allowed.map((a) => `"${a}"`).join(', ')} (and "comment")`);
    } else if (out.has(k)) {
      problem = new ConfigError(where, `the key ${quote(key)} is repeated (keys are case-insensitive)`);
    }
    if (problem === undefined) out.set(k, v);
    else if (problems === undefined) throw problem;
    else problems.push(problem);
  });
  return out;
}

function show(v: JsonValue): string {
  return printable(JSON.stringify(v) ?? String(v), 40);
}

/** Runs a value parser, turning its complaint into one about this entry or line. */
export function value<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof BadValue) throw new ConfigError(where, e.message.replace(/\.$/, ''));
    throw e;
  }
}
