/**
 * What changed in which Jool release: one table of named behaviours, each with the first release
 * that has it and the commit that brought it (reference/version-facts.md, read from Jool's git).
 *
 * A mode never compares versions. It asks whether the release in effect has a behaviour, by name:
 *
 *     if (has(release, 'ephemeral-range-refusal')) ...
 *
 * so that a new Jool release is one row of RELEASES, and a new difference one row of CHANGES.
 * Nothing asks yet: choosing the release (JOOL_VERSION, --jool-version) comes next, and until then
 * every command answers as the default releases below.
 */

/** Each syntax's releases, oldest first: a release has every change whose `since` is it or older. */
export const RELEASES = {
  jool3: ['3.5.0', '3.5.1', '3.5.2', '3.5.3', '3.5.4', '3.5.5', '3.5.6', '3.5.7', '3.5.8'],
  jool4: ['4.1.0', '4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6', '4.1.7', '4.1.8', '4.1.9', '4.1.10', '4.1.11', '4.1.12', '4.1.13', '4.1.14', '4.1.15'],
} as const;

export type Syntax = keyof typeof RELEASES;
export type Release = (typeof RELEASES)[Syntax][number];

/** What the Jool 4 syntax answers as when no release is named. */
export const DEFAULT_JOOL4: Release = '4.1.15';

interface Change {
  readonly syntax: Syntax;
  /** The first release that behaves so. */
  readonly since: Release;
  /** The commit in NICMx/Jool that made the change. */
  readonly commit: string;
}

/** The differences, by name (version-facts section 1 for Jool 4, section 3 for Jool 3). */
export const CHANGES = {
  /** pool4 add and file handle refuse a TCP/UDP range that meets the ephemeral range unless --force (A). */
  'ephemeral-range-refusal': { syntax: 'jool4', since: '4.1.15', commit: 'a754597e' },
  /** file handle and global update refuse an instance whose BIB has entries outside pool4 (B). */
  'bib-in-pool4-at-commit': { syntax: 'jool4', since: '4.1.9', commit: '48c3d44f' },
} as const satisfies Record<string, Change>;

export type Behaviour = keyof typeof CHANGES;

/** Whether the release has the behaviour: it is of the behaviour's syntax and not older than its first release. */
export function has(release: Release, behaviour: Behaviour): boolean {
  const change: Change = CHANGES[behaviour];
  const order: readonly string[] = RELEASES[change.syntax];
  const at = order.indexOf(release);
  return at >= 0 && at >= order.indexOf(change.since);
}
