/**
 * Jool 3's `--global` keys (SPEC 12): which flag of which Jool 3 sets which global of the state
 * (Jool 4's name, or one of JOOL3_ONLY), with the seed's and 3.5's command-line rules
 * (usr/common/jool.c parse_opt at f04b57f2 and v3.5.7), and their defaults. Pure.
 */
import { quote } from '../quote.js';
import { has, type Jool3Answer } from '../releases/releases.js';
import { GLOBALS, GlobalProblem, JOOL3_DEFAULTS, JOOL3_ONLY, MAX_PLATEAUS, type GlobalMeta, type GlobalValue } from './globals.js';

/** How the flag's text is read: `seconds` are multiplied by 1000 into the state's milliseconds. */
export type Jool3Type = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'seconds' | 'ms' | 'plateaus';

export interface Jool3Key {
  /** The flag, without its dashes. */
  readonly flag: string;
  /** The global it sets: Jool 4's key, or one of JOOL3_ONLY's. */
  readonly key: string;
  readonly type: Jool3Type;
  /** The parser's bounds (str_to_u8/u16/u32/u64 min and max). */
  readonly min: number;
  readonly max: number;
  /** The seed's old name for it (an OPTION_ALIAS, gone in 3.5). */
  readonly alias?: string;
  /** Which Jool 3 has the flag. */
  readonly in: 'both' | 'seed' | '3.5';
}

const MAX_U32 = 0xffffffff;
const MAX_TIMEOUT_SECONDS = Math.floor(MAX_U32 / 1000);

/** In the order of Jool 3's --help. */
export const JOOL3_KEYS: readonly Jool3Key[] = [
  { flag: 'zeroize-traffic-class', key: 'zeroize-traffic-class', type: 'bool', min: 0, max: 1, alias: 'setTC', in: 'both' },
  { flag: 'override-tos', key: 'override-tos', type: 'bool', min: 0, max: 1, alias: 'setTOS', in: 'both' },
  { flag: 'tos', key: 'tos', type: 'u8', min: 0, max: 255, alias: 'TOS', in: 'both' },
  { flag: 'mtu-plateaus', key: 'mtu-plateaus', type: 'plateaus', min: 0, max: 65535, alias: 'plateaus', in: 'both' },
  { flag: 'address-dependent-filtering', key: 'address-dependent-filtering', type: 'bool', min: 0, max: 1, alias: 'dropAddr', in: 'both' },
  { flag: 'drop-icmpv6-info', key: 'drop-icmpv6-info', type: 'bool', min: 0, max: 1, alias: 'dropInfo', in: 'both' },
  { flag: 'drop-externally-initiated-tcp', key: 'drop-externally-initiated-tcp', type: 'bool', min: 0, max: 1, alias: 'dropTCP', in: 'both' },
  { flag: 'udp-timeout', key: 'udp-timeout', type: 'seconds', min: 120, max: MAX_TIMEOUT_SECONDS, alias: 'toUDP', in: 'both' },
  { flag: 'tcp-est-timeout', key: 'tcp-est-timeout', type: 'seconds', min: 7200, max: MAX_TIMEOUT_SECONDS, alias: 'toTCPest', in: 'both' },
  { flag: 'tcp-trans-timeout', key: 'tcp-trans-timeout', type: 'seconds', min: 240, max: MAX_TIMEOUT_SECONDS, alias: 'toTCPtrans', in: 'both' },
  { flag: 'icmp-timeout', key: 'icmp-timeout', type: 'seconds', min: 0, max: MAX_TIMEOUT_SECONDS, alias: 'toICMP', in: 'both' },
  { flag: 'fragment-arrival-timeout', key: 'fragment-arrival-timeout', type: 'seconds', min: 2, max: MAX_TIMEOUT_SECONDS, alias: 'toFrag', in: 'both' },
  // The seed reads it as 64 bits; Jool 4 keeps 32, as 3.5 does (version-facts G4).
  { flag: 'maximum-simultaneous-opens', key: 'maximum-simultaneous-opens', type: 'u32', min: 0, max: MAX_U32, alias: 'maxStoredPkts', in: 'both' },
  { flag: 'source-icmpv6-errors-better', key: 'source-icmpv6-errors-better', type: 'bool', min: 0, max: 1, in: 'both' },
  { flag: 'handle-rst-during-fin-rcv', key: 'handle-rst-during-fin-rcv', type: 'bool', min: 0, max: 1, in: '3.5' },
  { flag: 'f-args', key: 'f-args', type: 'u8', min: 0, max: 15, in: '3.5' },
  { flag: 'logging-bib', key: 'logging-bib', type: 'bool', min: 0, max: 1, in: 'both' },
  { flag: 'logging-session', key: 'logging-session', type: 'bool', min: 0, max: 1, in: 'both' },
  { flag: 'allow-atomic-fragments', key: 'allow-atomic-fragments', type: 'bool', min: 0, max: 1, in: 'seed' },
  { flag: 'setDF', key: 'setDF', type: 'bool', min: 0, max: 1, in: 'seed' },
  { flag: 'genFH', key: 'genFH', type: 'bool', min: 0, max: 1, in: 'seed' },
  { flag: 'genID', key: 'genID', type: 'bool', min: 0, max: 1, in: 'seed' },
  { flag: 'boostMTU', key: 'boostMTU', type: 'bool', min: 0, max: 1, in: 'seed' },
  { flag: 'ss-enabled', key: 'ss-enabled', type: 'bool', min: 0, max: 1, in: '3.5' },
  { flag: 'ss-flush-asap', key: 'ss-flush-asap', type: 'bool', min: 0, max: 1, in: '3.5' },
  { flag: 'ss-flush-deadline', key: 'ss-flush-deadline', type: 'ms', min: 0, max: MAX_U32, in: '3.5' },
  { flag: 'ss-capacity', key: 'ss-capacity', type: 'u32', min: 0, max: MAX_U32, in: '3.5' },
  // JOOLD_MAX_PAYLOAD (include/nat64/common/config.h at v3.5.7).
  { flag: 'ss-max-payload', key: 'ss-max-payload', type: 'u16', min: 0, max: 2048, in: '3.5' },
];

/** Whether the release has the flag (its aliases: the seed alone). */
export function keyIn(k: Jool3Key, release: Jool3Answer | undefined): boolean {
  return k.in === 'both' || (k.in === 'seed') === !has(release, 'globals-35');
}

/** `allow-atomic-fragments` sets the four switches at once (the seed's kernel, ATOMIC_FRAGMENTS). */
export const ATOMIC_SWITCHES = ['setDF', 'genFH', 'genID', 'boostMTU'] as const;
export function atomicFragments(on: boolean): Record<(typeof ATOMIC_SWITCHES)[number], boolean> {
  return { setDF: on, genFH: on, genID: !on, boostMTU: !on };
}

/** The global's metadata, for the state's rules and its Jool 4 twin's checks. */
export function metaOf(key: string): GlobalMeta {
  return (GLOBALS.find((g) => g.name === key) ?? JOOL3_ONLY.find((g) => g.name === key))!;
}

/** A global's value when nobody set it, as Jool 3 has it. */
export function jool3Default(key: string): GlobalValue {
  return JOOL3_DEFAULTS[key] ?? metaOf(key).default;
}

const DECIMAL = /^[0-9]+$/;
const BOOLS: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/**
 * The flag's text as Jool 3's str_to_* read it: booleans in any case, numbers in decimal within the
 * flag's bounds, plateaus separated by commas (blanks around them skipped, as strtoul skips them:
 * the page's `"6000, 5000, 4000"`). Returns the state's value (timeouts in milliseconds).
 */
export function parseJool3Value(k: Jool3Key, text: string): GlobalValue {
  const fail = (problem: string) => new GlobalProblem(`--${k.flag}`, quote(text), problem);
  const number = (t: string, min: number, max: number, problem: string): number => {
    const n = DECIMAL.test(t.trim()) ? Number(t.trim()) : NaN;
    if (!(n >= min && n <= max)) throw fail(problem);
    return n;
  };
  switch (k.type) {
    case 'bool': {
      const b = BOOLS[text.toLowerCase()];
      if (b === undefined) throw fail('is not a bool: give true, false, 1, 0, yes, no, on or off');
      return b;
    }
    case 'seconds':
      return number(text, k.min, k.max, `is not a whole number of seconds from ${k.min} to ${k.max}`) * 1000;
    case 'plateaus': {
      const items = text.split(',').filter((item) => item !== '');
      if (items.length === 0) throw fail('holds no plateau: give MTUs separated by commas, such as "1500, 1280"');
      if (items.length > MAX_PLATEAUS) throw fail(`holds ${items.length} plateaus; Jool takes at most ${MAX_PLATEAUS}`);
      return items.map((item) => number(item, 0, 65535, `holds ${quote(item)}, which is not a whole decimal number from 0 to 65535`));
    }
    default:
      return number(text, k.min, k.max, `is not a whole decimal number from ${k.min} to ${k.max}`);
  }
}
