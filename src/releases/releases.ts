/**
 * What changed in which Jool release: one table of named behaviours, each with the first release
 * that has it and the commit that brought it (reference/version-facts.md, read from Jool's git).
 *
 * A mode never compares versions. It asks whether the release in effect has a behaviour, by name:
 *
 *     if (has(release, 'ephemeral-range-refusal')) ...
 *
 * so that a new Jool release is one row of RELEASES, and a new difference one row of CHANGES.
 */

/** Each syntax's releases, oldest first: a release has every change whose `since` is it or older. */
export const RELEASES = {
  jool3: ['3.5.0', '3.5.1', '3.5.2', '3.5.3', '3.5.4', '3.5.5', '3.5.6', '3.5.7', '3.5.8'],
  jool4: ['4.1.0', '4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6', '4.1.7', '4.1.8', '4.1.9', '4.1.10', '4.1.11', '4.1.12', '4.1.13', '4.1.14', '4.1.15'],
} as const;

export type Syntax = keyof typeof RELEASES;
export type Release = (typeof RELEASES)[Syntax][number];
export type Jool4Release = (typeof RELEASES)['jool4'][number];
export type Jool3Release = (typeof RELEASES)['jool3'][number];

/** What the Jool 3 syntax answers as: a 3.5 release, or the seed page's snapshot (no change of CHANGES is its). */
export type Jool3Answer = Jool3Release | typeof SEED;
export const SEED = 'f04b57f2';

/** What the Jool 4 syntax answers as when no release is named. */
export const DEFAULT_JOOL4: Jool4Release = '4.1.15';

interface Change {
  readonly syntax: Syntax;
  /** The first release that behaves so. */
  readonly since: Release;
  /** The commit in NICMx/Jool that made the change. */
  readonly commit: string;
  /** What the change does, for the releases page (docs/releases.md) and its test. */
  readonly what: string;
}

/** The differences, by name (version-facts section 1 for Jool 4, by its letters; section 3 for Jool 3). */
export const CHANGES = {
  'logging-debug': {
    syntax: 'jool4',
    since: '4.1.2',
    commit: 'c4f38e82',
    what: 'C: the global `logging-debug` replaces `trace`, right after `pool6`, and `lowest-ipv6-mtu` moves before it (it came after `tos`)',
  },
  'denylist4-texts': {
    syntax: 'jool4',
    since: '4.1.4',
    commit: '525ee6da',
    what: 'H: the explanations of JSTAT64_SRC, JSTAT64_DST, JSTAT46_SRC and JSTAT46_DST say denylist4ed (blacklist4ed before)',
  },
  'framework-optional': {
    syntax: 'jool4',
    since: '4.1.7',
    commit: '23fcde67',
    what: 'F: `instance add` without `--netfilter` or `--iptables` means Netfilter (before, it is refused)',
  },
  'fragment-counters': {
    syntax: 'jool4',
    since: '4.1.8',
    commit: '344b058e',
    what: 'H: counters JSTAT64_FRAGMENTED_ICMP, JSTAT64_2XFRAG and JSTAT46_FRAGMENTED_ICMP appear, JSTAT_FRAGMENTED_PING goes',
  },
  'bib-in-pool4-at-commit': {
    syntax: 'jool4',
    since: '4.1.9',
    commit: '48c3d44f',
    what: 'B: `file handle` and `global update` refuse an instance whose BIB has entries outside its pool4',
  },
  'no-icmpext-small': { syntax: 'jool4', since: '4.1.9', commit: '6dfa2f69', what: 'H: counter JSTAT_ICMPEXT_SMALL goes' },
  'ss-max-sessions-per-packet': {
    syntax: 'jool4',
    since: '4.1.11',
    commit: '4fcfe184',
    what: 'E: the global `ss-max-sessions-per-packet` appears (default 10); before, it is an unknown key',
  },
  'bib-error-texts': {
    syntax: 'jool4',
    since: '4.1.11',
    commit: '07e6fd9a',
    what: "I: Jool's BIB error texts name entries as [IPv6, IPv4, protocol]; this program's own messages do not quote them, so nothing here changes",
  },
  'joold-counters': { syntax: 'jool4', since: '4.1.12', commit: '3d5c94da', what: 'H: the JSTAT_JOOLD_* counters appear (and JSTAT_JOOLD_FLUSH_ASAP with them)' },
  'ss-flush-asap-deprecated': {
    syntax: 'jool4',
    since: '4.1.13',
    commit: '78812d66',
    what: 'D: the global `ss-flush-asap` defaults to false (true before), and counter JSTAT_JOOLD_FLUSH_ASAP goes',
  },
  'sessions-per-packet-36': { syntax: 'jool4', since: '4.1.13', commit: '75440ae3', what: 'E: `ss-max-sessions-per-packet` defaults to 36 (10 before)' },
  'joold-hidden': {
    syntax: 'jool4',
    since: '4.1.13',
    commit: '6d799edf',
    what: 'G: the `joold` mode is hidden (it matches only in full and is not listed) and `session` gains `follow`, `proxy` and `advertise`',
  },
  'ephemeral-range-refusal': {
    syntax: 'jool4',
    since: '4.1.15',
    commit: 'a754597e',
    what: 'A: `pool4 add` and `file handle` refuse a TCP or UDP range that meets the ephemeral range, unless `--force`',
  },
  'every-port': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: 'f6c713a6',
    what: 'P2: `--pool4 --add` and `--remove` without a port range mean every port (TCP and UDP 1-65535, ICMP 0-65535); the seed, 60001-65535 for --add',
  },
  'samples-footer': { syntax: 'jool3', since: '3.5.0', commit: '2fd4ec23', what: 'P1: the pool4 footer says `(Fetched N samples.)` (`entries` in the seed)' },
  'tree-order': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: 'ba4e7dbb',
    what: 'P4: pool4 prints TCP, then UDP, then ICMP, each in descending mark order (rbtrees, as Jool 4)',
  },
  'csv-header-per-protocol': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: 'ba4e7dbb',
    what: 'P5: `--pool4 --csv` prints its header before each protocol, three times (until 3.5.4; P10 replaces it)',
  },
  'no-pool4-count': { syntax: 'jool3', since: '3.5.0', commit: '61fa2977', what: 'P6: `--pool4 --count` is refused ("not implemented anymore")' },
  'quick-per-protocol': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: 'fb2d6545',
    what: "P8: a pool4 remove without `--quick` deletes the BIB entries of the request's protocols only (all three in the seed); `--quick` goes with `--pool4` alone",
  },
  'no-overflow-check': { syntax: 'jool3', since: '3.5.0', commit: '877ddb76', what: 'P9: no limit of 4294967295 transport addresses per table' },
  'suffix-iterates': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: '877ddb76',
    what: 'P12 (before it): a prefix with suffix bits (192.0.2.1/24) is taken as that many addresses from the one given (until 3.5.4)',
  },
  'bib-readd-silent': { syntax: 'jool3', since: '3.5.0', commit: 'feaf7459', what: 'B2: adding a BIB entry that exists, identical, succeeds silently (an error in the seed)' },
  'session-count-bare': { syntax: 'jool3', since: '3.5.0', commit: '2d9341e3', what: 'S1: `--session --count` prints bare numbers, without `TCP: `' },
  'globals-35': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: 'feaf7459',
    what: 'G1-G3: `--global` shows `Manually enabled`, the plateaus on one line, f-args and handle-rst-during-fin-rcv, a `Synchronization:` block, vertical CSV; the atomic-fragment keys and the old aliases are gone',
  },
  'pool6-bib-flush': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: 'b471bab6',
    what: 'G7: `--pool6 --remove` and `--flush` flush the whole BIB, and take no `--quick`',
  },
  'mark-less-tree': {
    syntax: 'jool3',
    since: '3.5.0',
    commit: '877ddb76',
    what: "db.c (not in version-facts): beside the per-mark tables, one tree of pool4's addresses and ports without marks, which BIB adds (and inbound packets) ask; a remove in any mark takes its range out of it even where another mark still holds it (the seed asks the tables)",
  },
  'pool4-table': {
    syntax: 'jool3',
    since: '3.5.5',
    commit: 'c9555c4d',
    what: 'P10, P11, S2, G5, G8: pool4 prints a bordered table with max iterations; `--pool4 --update`, `--max-iterations` and `--no-headers` appear; a prefix with suffix bits is refused; f-args on one line; CSV of `--global` starts with `Field,Value`; `--pool6` prints its `Prefix` header always',
  },
  'pool4-table-ports': { syntax: 'jool3', since: '3.5.6', commit: '375e1802', what: "P10: the pool4 table has Jool 4's single `Ports` column (two before)" },
} as const satisfies Record<string, Change>;

export type Behaviour = keyof typeof CHANGES;

/** Whether the release has the behaviour: it is of the behaviour's syntax and not older than its first release. */
export function has(release: Release | typeof SEED | undefined, behaviour: Behaviour): boolean {
  const change: Change = CHANGES[behaviour];
  const order: readonly string[] = RELEASES[change.syntax];
  const at = release === undefined ? -1 : order.indexOf(release);
  return at >= 0 && at >= order.indexOf(change.since);
}

/**
 * The Jool 3 release a version names, in the forms releaseNamed() reads (`3.5.7`, `v3.5.7`,
 * `3.5.7-1`, OpenWrt's `3.5.7-2`); undefined for anything else.
 */
export function jool3ReleaseNamed(text: string): Jool3Release | undefined {
  const m = /^(?:[0-9]+:)?v?(3\.5\.[0-9]+)(?:\.0)?(?:[-+~][0-9A-Za-z.+~-]*)?$/.exec(text.trim());
  if (m === null) return undefined;
  return (RELEASES.jool3 as readonly string[]).includes(m[1]) ? (m[1] as Jool3Release) : undefined;
}

/**
 * The release a version names: a release (`4.1.9`), a git tag (`v4.1.9`), what Jool's `-V` prints
 * (`4.1.9.0`), or a Debian-style package version, with epoch and revision (`4.1.9-1`,
 * `1:4.1.7-1ubuntu2`, `4.1.12-r1`). Undefined for anything else, 4.0.x and 4.2 candidates included.
 */
export function releaseNamed(text: string): Jool4Release | undefined {
  const m = /^(?:[0-9]+:)?v?(4\.1\.[0-9]+)(?:\.0)?(?:[-+~][0-9A-Za-z.+~-]*)?$/.exec(text.trim());
  if (m === null) return undefined;
  return (RELEASES.jool4 as readonly string[]).includes(m[1]) ? (m[1] as Jool4Release) : undefined;
}

/** The releases one may choose, for messages and help: "4.1.0 to 4.1.15". */
export function supportedReleases(): string {
  return `${RELEASES.jool4[0]} to ${RELEASES.jool4[RELEASES.jool4.length - 1]} and ${RELEASES.jool3[0]} to ${RELEASES.jool3[RELEASES.jool3.length - 1]}`;
}
