/**
 * A firewall's mark-setting rules, whatever text they came from (ip6tables-save, nft list
 * ruleset, a prefix,mark list), in the order the packet meets them. Pure data.
 */
import type { Protocol } from '../pool4/pool.js';
import type { Prefix6 } from './prefix6.js';

/** Where a rule was read: for messages that name the file and line. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  /** Where, when a line says nothing (nft -j prints one): `nftables[12] (rule 7 of chain prerouting)`. */
  readonly place?: string;
}

/** How messages name where a rule is. */
export function placeOf(o: Origin): string {
  return o.place ?? `line ${o.line}`;
}

/** A source-address match, `-s P` or `! -s P` (`ip6 saddr P`, `ip6 saddr != P`). */
export interface SourceMatch {
  readonly prefixes: readonly Prefix6[];
  readonly negated: boolean;
}

export type Action =
  /** MARK and `meta mark set`: mark = (mark & ~mask) ^ value. */
  | { readonly kind: 'mark'; readonly value: number; readonly mask: number }
  /** MARKSRCRANGE: offset plus the source's bits from the rule's prefix length to subLength. */
  | { readonly kind: 'src-range'; readonly prefix: Prefix6; readonly offset: number; readonly subLength: number }
  /** nftables `meta mark set ip6 saddr map {...}`: the entry holding the source; none stops the rule. */
  | { readonly kind: 'map'; readonly entries: readonly { readonly prefix: Prefix6; readonly mark: number }[] }
  /** ACCEPT, RETURN from a base chain: no later rule of the table sees the packet. */
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  /** An iptables Jool instance translates here, with the mark the packet has. */
  | { readonly kind: 'jool'; readonly instance: string };

export interface Rule {
  readonly origin: Origin;
  /** All must hold (a rule may name several sources only through separate matches). */
  readonly sources: readonly SourceMatch[];
  /** The protocols the rule matches (`-p tcp`); undefined is any. */
  readonly protocols?: readonly Protocol[];
  /** `-m mark --mark V/M`, `meta mark V`: the rule holds when (mark & mask) == value (negated: !=). */
  readonly mark?: { readonly value: number; readonly mask: number; readonly negated: boolean };
  /** Other matches, as written (`-i eth1`, `iifname "eth1"`): the rule applies only when they hold. */
  readonly conditions: readonly string[];
  readonly action: Action;
}
