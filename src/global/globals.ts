/**
 * Jool 4's NAT64 globals (SPEC 10, global-facts 1-3): one table of what each global is in 4.1.15
 * (its name, type, default, Jool's description and the kernel's bounds), what an older 4.1 release
 * has instead (globalsOf, asked of the releases table), and what each type needs: its reading from
 * the command line and from JSON, the kernel's rules, and its printing. The command line, `file
 * handle`, `file check`, the state file, the displays, help and completion all read this table; no
 * other place lists the keys. Pure.
 *
 * One file over 300 lines, because it is one job: a global's type and its reading, rules and
 * printing change together, and splitting them would make each key's story span several files.
 */
import { formatAddress6, parseAddress6 } from '../bib/address6.js';
import { printable, quote } from '../quote.js';
import { has, RELEASES, type Jool4Release } from '../releases/releases.js';

export type GlobalType = 'bool' | 'u8' | 'u32' | 'timeout' | 'plateaus' | 'prefix6';

/** Timeouts in milliseconds; prefixes as "64:ff9b::/96", null when unset. */
export type GlobalValue = boolean | number | readonly number[] | string | null;

export interface GlobalMeta {
  readonly name: string;
  readonly type: GlobalType;
  readonly default: GlobalValue;
  /** Jool's own description (common/global.c globals_metadata[].doc). */
  readonly doc: string;
  /** The kernel's bounds where it has them (lowest-ipv6-mtu, f-args, the TCP and UDP timeouts). */
  readonly min?: number;
  readonly max?: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const MAX_U32 = 0xffffffff;
export const MAX_PLATEAUS = 64;

/** In Jool's order, which is the display's. pool6's default is the instance's (unset until given). */
export const GLOBALS: readonly GlobalMeta[] = [
  { name: 'manually-enabled', type: 'bool', default: true, doc: "Resumes or pauses the instance's translation." },
  { name: 'pool6', type: 'prefix6', default: null, doc: 'The IPv6 Address Pool prefix.' },
  { name: 'lowest-ipv6-mtu', type: 'u32', default: 1280, min: 1280, doc: 'Smallest reachable IPv6 MTU.' },
  { name: 'logging-debug', type: 'bool', default: false, doc: 'Pour lots of debugging messages on the log?' },
  { name: 'zeroize-traffic-class', type: 'bool', default: false, doc: "Always set the IPv6 header's 'Traffic Class' field as zero? Otherwise copy from IPv4 header's 'TOS'." },
  { name: 'override-tos', type: 'bool', default: false, doc: "Override the IPv4 header's 'TOS' field as --tos? Otherwise copy from IPv6 header's 'Traffic Class'." },
  { name: 'tos', type: 'u8', default: 0, doc: 'Value to override TOS as (only when --override-tos is ON).' },
  {
    name: 'mtu-plateaus',
    type: 'plateaus',
    default: [65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68],
    doc: 'Set the list of plateaus for ICMPv4 Fragmentation Neededs with MTU unset.',
  },
  { name: 'address-dependent-filtering', type: 'bool', default: false, doc: 'Use Address-Dependent Filtering? ON is (address)-restricted-cone NAT, OFF is full-cone NAT.' },
  { name: 'drop-externally-initiated-tcp', type: 'bool', default: false, doc: 'Drop externally initiated TCP connections?' },
  { name: 'drop-icmpv6-info', type: 'bool', default: false, doc: 'Filter ICMPv6 Informational packets?' },
  { name: 'source-icmpv6-errors-better', type: 'bool', default: true, doc: 'Translate source addresses directly on 4-to-6 ICMP errors?' },
  {
    name: 'f-args',
    type: 'u8',
    default: 11,
    max: 15,
    doc: 'Defines the arguments that will be sent to F().\n(F() is defined by algorithm 3 of RFC 6056.)\n- First (leftmost) bit is source address.\n- Second bit is source port.\n- Third bit is destination address.\n- Fourth (rightmost) bit is destination port.',
  },
  { name: 'handle-rst-during-fin-rcv', type: 'bool', default: false, doc: 'Use transitory timer when RST is received during the V6 FIN RCV or V4 FIN RCV states?' },
  { name: 'tcp-est-timeout', type: 'timeout', default: 2 * HOUR, min: 2 * HOUR, doc: 'Set the TCP established session lifetime (HH:MM:SS.mmm).' },
  { name: 'tcp-trans-timeout', type: 'timeout', default: 4 * MINUTE, min: 4 * MINUTE, doc: 'Set the TCP transitory session lifetime (HH:MM:SS.mmm).' },
  { name: 'udp-timeout', type: 'timeout', default: 5 * MINUTE, min: 2 * MINUTE, doc: 'Set the UDP session lifetime (HH:MM:SS.mmm).' },
  { name: 'icmp-timeout', type: 'timeout', default: MINUTE, doc: 'Set the timeout for ICMP sessions (HH:MM:SS.mmm).' },
  { name: 'logging-bib', type: 'bool', default: false, doc: 'Log BIBs as they are created and destroyed?' },
  { name: 'logging-session', type: 'bool', default: false, doc: 'Log sessions as they are created and destroyed?' },
  { name: 'maximum-simultaneous-opens', type: 'u32', default: 10, doc: "Set the maximum allowable 'simultaneous' Simultaneos Opens of TCP connections." },
  { name: 'ss-enabled', type: 'bool', default: false, doc: 'Enable Session Synchronization?' },
  { name: 'ss-flush-asap', type: 'bool', default: false, doc: 'Deprecated; does nothing as of Jool 4.1.13.' },
  { name: 'ss-flush-deadline', type: 'u32', default: 2000, doc: 'Inactive milliseconds after which to force a session sync.' },
  { name: 'ss-capacity', type: 'u32', default: 512, doc: 'Maximim number of queuable entries.' },
  { name: 'ss-max-payload', type: 'u32', default: 1452, doc: 'Deprecated; does nothing as of Jool 4.1.11.' },
  { name: 'ss-max-sessions-per-packet', type: 'u32', default: 36, doc: 'Maximum number of sessions to send, per joold packet.' },
];

/** 4.1.0 and 4.1.1's debugging switch, which 4.1.2 merged into logging-debug (version-facts 1, C). */
const TRACE: GlobalMeta = { name: 'trace', type: 'bool', default: false, doc: 'Log basic packet fields as they are received?' };

/**
 * Jool 3's NAT64 keys that no Jool 4 has (the seed's fragment timeout and atomic-fragment switches):
 * the Jool 3 syntax sets them, a state file keeps them, and no Jool 4 display shows them.
 */
export const JOOL3_ONLY: readonly GlobalMeta[] = [
  { name: 'fragment-arrival-timeout', type: 'timeout', default: 2000, min: 2000, doc: 'Time Jool waits for the fragments of one packet (Jool 3).' },
  { name: 'setDF', type: 'bool', default: false, doc: "Set the IPv4 header's DF flag always (Jool 3 at f04b57f2)." },
  { name: 'genFH', type: 'bool', default: false, doc: 'Add a fragment header to IPv6 packets (Jool 3 at f04b57f2).' },
  { name: 'genID', type: 'bool', default: true, doc: 'Generate IPv4 identification (Jool 3 at f04b57f2).' },
  { name: 'boostMTU', type: 'bool', default: true, doc: 'Lower MTUs below 1280 to 1280 (Jool 3 at f04b57f2).' },
];

/** Where Jool 3's defaults differ from every Jool 4's (its constants.h: DEFAULT_SRC_ICMP6ERRS_BETTER, DEFAULT_JOOLD_FLUSH_ASAP). */
export const JOOL3_DEFAULTS: Readonly<Record<string, GlobalValue>> = { 'source-icmpv6-errors-better': false, 'ss-flush-asap': true };

/** Every key any 4.1 release has. */
const JOOL4_CATALOGUE: readonly GlobalMeta[] = [...GLOBALS, TRACE];

/** Every key any release has: what a state file may hold, whatever release wrote it. */
const CATALOGUE: readonly GlobalMeta[] = [...JOOL4_CATALOGUE, ...JOOL3_ONLY];

const BY_RELEASE = new Map<Jool4Release, readonly GlobalMeta[]>();

/** The release's globals, in its display order, with its defaults (version-facts 1.4: C, D, E). */
export function globalsOf(release: Jool4Release): readonly GlobalMeta[] {
  const known = BY_RELEASE.get(release);
  if (known !== undefined) return known;
  let list = GLOBALS.map((g) => {
    if (g.name === 'ss-flush-asap' && !has(release, 'ss-flush-asap-deprecated')) return { ...g, default: true, doc: 'Try to synchronize sessions as soon as possible?' };
    if (g.name === 'ss-max-sessions-per-packet' && !has(release, 'sessions-per-packet-36')) return { ...g, default: 10 };
    if (g.name === 'ss-max-payload' && !has(release, 'ss-max-sessions-per-packet')) return { ...g, doc: 'Maximum amount of bytes joold should send per packet.' };
    return g;
  });
  if (!has(release, 'ss-max-sessions-per-packet')) list = list.filter((g) => g.name !== 'ss-max-sessions-per-packet');
  if (!has(release, 'logging-debug')) {
    const lowest = list.find((g) => g.name === 'lowest-ipv6-mtu')!;
    const rest = list.filter((g) => g !== lowest && g.name !== 'logging-debug');
    const afterTos = rest.findIndex((g) => g.name === 'tos') + 1;
    list = [...rest.slice(0, 2), TRACE, ...rest.slice(2, afterTos), lowest, ...rest.slice(afterTos)];
  }
  BY_RELEASE.set(release, list);
  return list;
}

/** SIIT's globals: unknown on a NAT64's command line, refused by its kernel in a file. */
export const SIIT_GLOBALS: readonly string[] = ['amend-udp-checksum-zero', 'eam-hairpin-mode', 'randomize-rfc6791-addresses', 'rfc6791v6-prefix', 'rfc6791v4-prefix'];

export const GLOBAL_NAMES: readonly string[] = GLOBALS.map((g) => g.name);

export function globalNames(release: Jool4Release): readonly string[] {
  return globalsOf(release).map((g) => g.name);
}

/** The releases that have a key, oldest first ([] for a key no 4.1 release has). */
export function releasesWith(name: string): Jool4Release[] {
  return RELEASES.jool4.filter((release) => globalsOf(release).some((g) => g.name === name));
}

/** A key of some 4.1 release that starts with prefix (what a mistyped or another release's key may be). */
export function anyReleaseGlobal(prefix: string): string | undefined {
  return prefix === '' ? undefined : JOOL4_CATALOGUE.find((g) => g.name.startsWith(prefix))?.name;
}

/** What each type's values look like, for help and messages. */
export const TYPE_WORDS: Readonly<Record<GlobalType, string>> = {
  bool: 'bool: true or false (also 1/0, yes/no, on/off)',
  u8: 'whole number 0-255',
  u32: 'whole number 0-4294967295',
  timeout: 'timeout [HH:[MM:]]SS[.mmm]',
  plateaus: 'list of MTUs 0-65535 separated by commas',
  prefix6: 'IPv6 prefix such as 64:ff9b::/96',
};

/** The globals an instance sets apart from their defaults; pool6 is the instance's own and never here. */
export type GlobalSettings = Readonly<Record<string, GlobalValue>>;
export const NO_SETTINGS: GlobalSettings = Object.freeze({});

/** What a configuration file's `global` says: pool6 (if it gives one) and the other globals' settings. */
export interface ConfigGlobals {
  readonly pool6?: string;
  readonly settings: GlobalSettings;
}

/** The key as the release has it; without a release, as any 4.1 release has it (a state file's keys). */
export function globalNamed(name: string, release?: Jool4Release): GlobalMeta | undefined {
  return (release === undefined ? CATALOGUE : globalsOf(release)).find((g) => g.name === name);
}

/**
 * What is wrong with a global's value: it cannot be read as its type (the parsers', a usage error
 * on the command line), or the kernel's rules refuse it (the checks'). shown is the value as given;
 * problem follows it in a sentence ("is too small: the minimum is 1280"); hint is the way out, if any.
 */
export class GlobalProblem extends Error {
  constructor(
    readonly key: string,
    readonly shown: string,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${key} ${shown} ${problem}`);
  }
}

const DECIMAL = /^[0-9]+$/;
const BOOL_WORDS: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/** The command line's text of a value (Jool's str2nl functions, strictly: no `12abc`, no sign, no blanks). */
export function parseGlobalText(meta: GlobalMeta, text: string): GlobalValue {
  const fail = (problem: string) => new GlobalProblem(meta.name, quote(text), problem);
  switch (meta.type) {
    case 'bool': {
      const word = BOOL_WORDS[text.toLowerCase()];
      if (word === undefined) throw fail('is not a bool: give true, false, 1, 0, yes, no, on or off (any case)');
      return word;
    }
    case 'u8':
    case 'u32': {
      const max = meta.type === 'u8' ? 255 : MAX_U32;
      const n = DECIMAL.test(text) ? Number(text) : NaN;
      if (!(n <= max)) throw fail(`is not a whole decimal number from 0 to ${max}`);
      return n;
    }
    case 'timeout':
      return parseTimeout(text, fail);
    case 'plateaus': {
      // Jool's strtok(): empty items are skipped.
      const items = text.split(',').filter((item) => item !== '');
      if (items.length === 0) throw fail('holds no plateau: give MTUs separated by commas, such as 1500,1280');
      if (items.length > MAX_PLATEAUS) throw fail(`holds ${items.length} plateaus; Jool takes at most ${MAX_PLATEAUS}`);
      return items.map((item) => {
        const n = DECIMAL.test(item) ? Number(item) : NaN;
        if (!(n <= 65535)) throw fail(`holds ${quote(item)}, which is not a whole decimal number from 0 to 65535`);
        return n;
      });
    }
    case 'prefix6':
      if (text === 'null') return null;
      return parsePrefix6(text, fail);
  }
}

/**
 * `[HH:[MM:]]SS[.mmm]` (Jool's str_to_timeout()): fields unbounded (1:99 is 159 s), and the digits
 * after the dot, at least three, are milliseconds added as a number, as Jool adds them.
 */
function parseTimeout(text: string, fail: (problem: string) => GlobalProblem): number {
  const m = /^([0-9]+)(?::([0-9]+)(?::([0-9]+))?)?(?:\.([0-9]*))?$/.exec(text);
  if (m === null) {
    throw fail('does not follow the [HH:[MM:]]SS[.mmm] format, such as 300 (seconds), 5:00 or 2:00:00');
  }
  if (m[4] !== undefined && m[4].length < 3) throw fail(`has a millisecond part of fewer than 3 digits: write ${printable(`${text.slice(0, text.indexOf('.') + 1)}${m[4].padEnd(3, '0')}`)}`);
  const fields = [m[1], m[2], m[3]].filter((f) => f !== undefined).map(Number);
  const seconds = fields.reduce((total, f) => total * 60 + f, 0);
  const ms = seconds * 1000 + (m[4] === undefined ? 0 : Number(m[4]));
  if (!(ms <= MAX_U32)) throw fail(`is too long: Jool keeps timeouts in 32 bits of milliseconds, at most ${formatTimeout(MAX_U32)}`);
  return ms;
}

/** `address[/length]` (length 128 when not given): the canonical text, suffix bits and all, for the kernel's rules to judge. */
function parsePrefix6(text: string, fail: (problem: string) => GlobalProblem): string {
  const slash = text.indexOf('/');
  const words = parseAddress6(slash < 0 ? text : text.slice(0, slash));
  const lengthText = slash < 0 ? '128' : text.slice(slash + 1);
  const length = DECIMAL.test(lengthText) ? Number(lengthText) : NaN;
  if (words === undefined || !(length <= 128)) throw fail('is not an IPv6 prefix: give <IPv6 address>[/<length>], such as 64:ff9b::/96');
  return `${formatAddress6(words)}/${length}`;
}

/**
 * A timeout in a file, as Jool 4.1.15's str_to_timeout() reads it (global-facts 7): strtoull() on
 * each field, so an empty field is 0 (`""` is 0 ms) and blanks and a sign before a number are
 * read, and the milliseconds kept in 32 bits, so a value past 4294967295 ms wraps. The command
 * line stays strict (parseTimeout): there an empty field is a typing mistake worth a refusal.
 */
function fileTimeout(text: string, fail: (problem: string) => GlobalProblem): number {
  let at = 0;
  const field = (): bigint => {
    const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]*)/.exec(text.slice(at))!;
    at += m[2] === '' ? 0 : m[0].length; // no digits: strtoull reads nothing
    const n = m[2] === '' ? 0n : BigInt(m[2]);
    if (n > MAX_U64) throw fail('is too large a number for Jool to read (strtoull overflows)');
    return m[1] === '-' ? (MAX_U64 + 1n - n) % (MAX_U64 + 1n) : n;
  };
  let seconds = field();
  for (let k = 0; k < 2 && text[at] === ':'; k++) {
    at++;
    seconds = (60n * seconds + field()) & MAX_U64;
  }
  let ms = (1000n * seconds) & MAX_U64;
  if (text[at] === '.') {
    if (text.length - at - 1 < 3) throw fail('has a millisecond part of fewer than 3 digits');
    at++;
    ms = (ms + field()) & MAX_U64;
  }
  if (at !== text.length) throw fail('does not follow the [HH:[MM:]]SS[.mmm] format, such as 300 (seconds), 5:00 or 2:00:00');
  return Number(ms & BigInt(MAX_U32));
}

const MAX_U64 = (1n << 64n) - 1n;

/**
 * pool6 in a file, as Jool's str_to_prefix6() reads it (global-facts 7): the text cut at slashes
 * (strtok, so empty pieces are skipped and pieces after the second ignored), the length read by
 * strtoull after a digit (so `"64:ff9b::/96 "` is /96), at most 49 characters.
 */
function filePrefix6(text: string, fail: (problem: string) => GlobalProblem): string {
  const pieces = text.split('/').filter((p) => p !== '');
  const length = pieces.length < 2 ? '128' : (/^[0-9]+/.exec(pieces[1])?.[0] ?? '');
  if (text.length > 49 || pieces.length === 0 || length === '') return parsePrefix6(text, fail);
  return parsePrefix6(`${pieces[0]}/${length}`, fail);
}

/** What JSON gives a global: the configuration file's and the state file's form (Jool's json2nl functions). */
export type JsonGlobal = null | boolean | number | string | readonly unknown[] | object;

/**
 * A global from JSON, as Jool's file handle reads it: bools are true or false; numbers are
 * numbers, their fractions dropped (cJSON's valueuint); timeouts are strings in the command line's
 * format; plateaus an array of numbers; prefixes a string or null.
 */
export function readGlobalJson(meta: GlobalMeta, v: JsonGlobal): GlobalValue {
  const shown = showJson(v);
  const fail = (problem: string) => new GlobalProblem(meta.name, shown, problem);
  switch (meta.type) {
    case 'bool':
      if (typeof v !== 'boolean') throw fail('is not a JSON boolean (true or false, unquoted)');
      return v;
    case 'u8':
    case 'u32': {
      const max = meta.type === 'u8' ? 255 : MAX_U32;
      if (typeof v !== 'number' || !(v >= 0 && v <= MAX_U32)) throw fail(`is not a JSON number from 0 to ${max}`);
      if (Math.trunc(v) > max) throw fail(`is out of range (0-${max})`);
      return Math.trunc(v);
    }
    case 'timeout':
      if (typeof v !== 'string') throw fail(`is not a JSON string: timeouts are written as on the command line, such as "${formatTimeout(meta.default as number)}"`);
      return fileTimeout(v, fail);
    case 'plateaus': {
      if (!Array.isArray(v)) throw fail('is not a JSON array of MTUs, such as [1500, 1280]');
      if (v.length > MAX_PLATEAUS) throw fail(`holds ${v.length} plateaus; Jool takes at most ${MAX_PLATEAUS}`);
      const values = v.map((item) => {
        if (typeof item !== 'number' || !(item >= 0 && item < 65536)) throw fail(`holds ${showJson(item as JsonGlobal)}, which is not a number from 0 to 65535`);
        return Math.trunc(item);
      });
      // Jool's client sends an empty list as an empty nest, which libnl drops: the kernel never sees
      // the key, and the instance gets the default plateaus (global-facts 7).
      return values.length === 0 ? [...(meta.default as number[])] : values;
    }
    case 'prefix6':
      if (v === null) return null;
      if (typeof v !== 'string') throw fail('is not a JSON string such as "64:ff9b::/96" (or null)');
      return filePrefix6(v, fail);
  }
}

function showJson(v: JsonGlobal): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  return printable(JSON.stringify(v) ?? String(v), 40);
}

/**
 * The kernel's rules for a value that reads (mod/common/db/global.c, nl/attribute.c): bounds, and
 * the plateaus sorted descending without repeats and zeros. Returns the value the kernel keeps.
 * pool6 has rules of its own (checkPool6).
 */
export function checkGlobal(meta: GlobalMeta, value: GlobalValue, shown: string): GlobalValue {
  const refuse = (problem: string, hint?: string) => new GlobalProblem(meta.name, shown, problem, hint);
  if (meta.type === 'plateaus') {
    const kept = [...new Set(value as number[])].filter((n) => n !== 0).sort((a, b) => b - a);
    if (kept.length === 0) throw refuse('holds nothing but zeroes', 'Give at least one MTU from 1 to 65535.');
    return kept;
  }
  const n = value as number;
  const text = (x: number) => (meta.type === 'timeout' ? formatTimeout(x) : String(x));
  if (meta.min !== undefined && n < meta.min) throw refuse(`is too small: the minimum is ${text(meta.min)}`, `Give ${meta.name} ${text(meta.min)} or more.`);
  if (meta.max !== undefined && n > meta.max)
    throw refuse(`is out of range (0-${meta.max})`, meta.name === 'f-args' ? 'f-args is four bits: source address, source port, destination address, destination port.' : undefined);
  return value;
}

/** The only pool6 lengths RFC 6052 allows. */
const POOL6_LENGTHS = [32, 40, 48, 56, 64, 96];

/**
 * pool6 on a NAT64 (global-facts 1.2), in the kernel's order: no suffix, an RFC 6052 length, a zero
 * u-bit unless forced, and set. Whether it may replace the instance's is checkPool6Kept's.
 */
export function checkPool6(value: string | null, force: boolean, shown: string): string {
  const refuse = (problem: string) => new GlobalProblem('pool6', shown, problem);
  if (value === null) throw refuse('leaves pool6 unset, and NAT64 instances must have one');
  const { words, length } = prefix6Parts(value);
  const start = startOf(words, length);
  if (start.some((w, i) => w !== words[i])) throw refuse(`has bits set past its length /${length} (did you mean ${formatAddress6(start)}/${length}?)`);
  if (!POOL6_LENGTHS.includes(length)) throw refuse(`has length /${length}; pool6 must be /32, /40, /48, /56, /64 or /96 (RFC 6052)`);
  if (!force && words[4] >> 8 !== 0) throw refuse('has a nonzero u-bit (bits 64-71; see https://github.com/NICMx/Jool/issues/174); --force accepts it');
  return value;
}

/** Jool cannot change a NAT64 instance's pool6: only the one it has (current, undefined for none) passes. */
export function checkPool6Kept(value: string, current: string | undefined, shown: string): void {
  if (current !== undefined && samePrefix6(value, current)) return;
  if (current === undefined) {
    throw new GlobalProblem(
      'pool6',
      shown,
      "cannot be set: the instance has no pool6 (nobody added it), and Jool cannot change a NAT64 instance's pool6",
      'Add the instance with it instead: jool instance add <name> --pool6 <prefix>.',
    );
  }
  throw new GlobalProblem(
    'pool6',
    shown,
    `cannot be set: the instance has pool6 ${displayPrefix6(current)}, and Jool cannot change a NAT64 instance's pool6`,
    'Remove the instance and add it again to change it.',
  );
}

function prefix6Parts(text: string): { words: number[]; length: number } {
  const slash = text.indexOf('/');
  return { words: parseAddress6(text.slice(0, slash))!, length: Number(text.slice(slash + 1)) };
}

function startOf(words: readonly number[], length: number): number[] {
  return words.map((w, i) => {
    const keep = Math.max(0, Math.min(16, length - 16 * i));
    return keep === 0 ? 0 : w & (0xffff << (16 - keep)) & 0xffff;
  });
}

export function samePrefix6(a: string, b: string): boolean {
  const x = prefix6Parts(a);
  const y = prefix6Parts(b);
  return x.length === y.length && x.words.every((w, i) => w === y.words[i]);
}

/** As Jool prints a prefix: inet_ntop's address (whatever spelling it was given in), then the length. */
export function displayPrefix6(text: string): string {
  const { words, length } = prefix6Parts(text);
  return `${formatAddress6(words)}/${length}`;
}

/** `%u:%02u:%02u`, hours unpadded, then `.%03u` when there are milliseconds (Jool's timeout2str()). */
export function formatTimeout(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = Math.floor((ms % MINUTE) / 1000);
  const millis = ms % 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${hours}:${two(minutes)}:${two(seconds)}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}`;
}

/** A value as `global display` prints it (global-facts 2). */
export function formatGlobal(meta: GlobalMeta, value: GlobalValue, csv: boolean): string {
  switch (meta.type) {
    case 'bool':
      return csv ? (value ? 'TRUE' : 'FALSE') : value ? 'true' : 'false';
    case 'u8':
    case 'u32': {
      const n = value as number;
      if (meta.name !== 'f-args' || csv) return String(n);
      const bit = (k: number) => (n >> k) & 1;
      return `${n} (0b${n.toString(2).padStart(4, '0')}): SrcAddr:${bit(3)} SrcPort:${bit(2)} DstAddr:${bit(1)} DstPort:${bit(0)}`;
    }
    case 'timeout':
      return csv ? formatTimeout(value as number) : `${formatTimeout(value as number)} (HH:MM:SS)`;
    case 'plateaus': {
      const list = (value as number[]).join(',');
      return csv ? `"${list}"` : list;
    }
    case 'prefix6':
      return value === null ? (csv ? '' : '(unset)') : displayPrefix6(value as string);
  }
}

/** A value as JSON text in a configuration file's (and the state file's) form, which readGlobalJson reads back. */
export function globalJsonText(meta: GlobalMeta, value: GlobalValue): string {
  if (meta.type === 'timeout') return JSON.stringify(formatTimeout(value as number));
  if (meta.type === 'prefix6') return JSON.stringify(value === null ? null : displayPrefix6(value as string));
  return Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value);
}

export function sameValue(a: GlobalValue, b: GlobalValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The release's globals with their values, pool6 the instance's: what `global display` shows. A setting the release lacks is not shown. */
export function globalValues(settings: GlobalSettings, pool6: string | undefined, release: Jool4Release): { metas: readonly GlobalMeta[]; values: GlobalValue[] } {
  const metas = globalsOf(release);
  return { metas, values: metas.map((g) => (g.name === 'pool6' ? (pool6 ?? null) : (settings[g.name] ?? g.default))) };
}

/**
 * settings with one global set. A value is dropped only where every release, Jool 3's too, has it as
 * its default, so that one set under one release keeps its value under another: ss-flush-asap false, set under
 * 4.1.15, stays false under 4.1.9, whose default is true (docs/releases.md, the state rule).
 */
export function withSetting(settings: GlobalSettings, meta: GlobalMeta, value: GlobalValue): GlobalSettings {
  const { [meta.name]: _, ...rest } = settings;
  return Object.freeze(defaultEverywhere(meta.name, value) ? rest : { ...rest, [meta.name]: value });
}

function defaultEverywhere(name: string, value: GlobalValue): boolean {
  const jool3 = JOOL3_DEFAULTS[name] ?? JOOL3_ONLY.find((g) => g.name === name)?.default;
  if (jool3 !== undefined && !sameValue(value, jool3)) return false;
  return RELEASES.jool4.every((release) => {
    const meta = globalsOf(release).find((g) => g.name === name);
    return meta === undefined || sameValue(value, meta.default);
  });
}

/** The catalogue's order, for writing settings: every key kept, whichever release has it. */
export function settingsInOrder(settings: GlobalSettings): { meta: GlobalMeta; value: GlobalValue }[] {
  return CATALOGUE.filter((g) => g.name in settings).map((meta) => ({ meta, value: settings[meta.name] }));
}
