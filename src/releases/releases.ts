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
} as const satisfies Record<string, Change>;

export type Behaviour = keyof typeof CHANGES;

/** Whether the release has the behaviour: it is of the behaviour's syntax and not older than its first release. */
export function has(release: Release, behaviour: Behaviour): boolean {
  const change: Change = CHANGES[behaviour];
  const order: readonly string[] = RELEASES[change.syntax];
  const at = order.indexOf(release);
  return at >= 0 && at >= order.indexOf(change.since);
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
  return `${RELEASES.jool4[0]} to ${RELEASES.jool4[RELEASES.jool4.length - 1]}`;
}
