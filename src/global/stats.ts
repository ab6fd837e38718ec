/**
 * Jool 4.1's stat counters (global-facts 5, version-facts 1 H): 4.1.15's 83 of enum jool_stat_id
 * (common/stats.h), in its order, with the explanations of usr/nl/stats.c jstat_metadatas[] word
 * for word, and what each older release has instead (read from each tag's two files). Pure.
 */
import { has, type Jool4Release } from '../releases/releases.js';

/** [name, explanation]; "Translations cancelled: " is Jool's TC prefix, spelled out. */
export type Stat = readonly [name: string, explanation: string];

/** The release's counters, in its enum's order. */
export function stats(release: Jool4Release): readonly Stat[] {
  const list: Stat[] = [];
  const denylist = has(release, 'denylist4-texts');
  for (const stat of latest()) {
    const [name, explanation] = stat;
    if (!has(release, 'fragment-counters') && FRAGMENT_COUNTERS.includes(name)) continue;
    if (!has(release, 'joold-counters') && name.startsWith('JSTAT_JOOLD_')) continue;
    if (name === 'JSTAT_ICMPEXT_BIG' && !has(release, 'no-icmpext-small')) list.push(['JSTAT_ICMPEXT_SMALL', 'Illegal ICMP header length. (Inner packet has less than 128 bytes.)']);
    list.push(denylist ? stat : [name, explanation.replace('denylist4ed', 'blacklist4ed')]);
    if (name === 'JSTAT_SKB_TRUNCATED' && !has(release, 'fragment-counters')) list.push(['JSTAT_FRAGMENTED_PING', `${TC}Packet was a fragmented ping, so its checksum was impossible to translate.`]);
    if (name === 'JSTAT_JOOLD_AD_ONGOING' && !has(release, 'ss-flush-asap-deprecated')) list.push(['JSTAT_JOOLD_FLUSH_ASAP', 'Joold packet sent; ss-flush-asap enabled.']);
  }
  return list;
}

const TC = 'Translations cancelled: ';

/** The three that 4.1.8 brought, when JSTAT_FRAGMENTED_PING went. */
const FRAGMENT_COUNTERS = ['JSTAT64_FRAGMENTED_ICMP', 'JSTAT64_2XFRAG', 'JSTAT46_FRAGMENTED_ICMP'];

/** 4.1.15's. A function, so that the 83 texts are compiled only by the commands that print them, not at every start-up. */
function latest(): readonly Stat[] {
  return [
    ['JSTAT_RECEIVED6', 'Total IPv6 packets received by the instance so far.'],
    ['JSTAT_RECEIVED4', 'Total IPv4 packets received by the instance so far.'],
    ['JSTAT_SUCCESS', "Successful translations. (Note: 'Successful translation' does not imply that the packet was actually delivered.)"],
    ['JSTAT_BIB_ENTRIES', 'Number of BIB entries currently held in the BIB.'],
    ['JSTAT_SESSIONS', 'Number of session entries currently held in the BIB.'],
    ['JSTAT_ENOMEM', 'Memory allocation failures.'],
    ['JSTAT_XLATOR_DISABLED', 'Translations cancelled: Translator was manually disabled.'],
    ['JSTAT_POOL6_UNSET', 'Translations cancelled: pool6 was unset.'],
    ['JSTAT_SKB_SHARED', "Translations cancelled: Packet was shared. (In the kernel, when packets are 'shared', they cannot be modified.)"],
    ['JSTAT_L3HDR_OFFSET', 'Translations cancelled: Packet corrupted; Network header offset is not relative to skb->data.'],
    ['JSTAT_SKB_TRUNCATED', 'Translations cancelled: Packet corrupted; Data stopped in the middle of a header.'],
    ['JSTAT_HDR6', 'Translations cancelled: Some IPv6 header field was bogus. (Eg. version was not 6.)'],
    ['JSTAT_HDR4', 'Translations cancelled: Some IPv4 header field was bogus. (Eg. version was not 4.)'],
    ['JSTAT_UNKNOWN_L4_PROTO', 'Translations cancelled: Packet carried an unknown transport protocol. (Untranslatable by NAT64.)'],
    ['JSTAT_UNKNOWN_ICMP6_TYPE', "Translations cancelled: ICMPv6 header's type and code values have no ICMPv4 counterpart."],
    ['JSTAT_UNKNOWN_ICMP4_TYPE', "Translations cancelled: ICMPv4 header's type and code values have no ICMPv6 counterpart."],
    ['JSTAT_DOUBLE_ICMP6_ERROR', 'Translations cancelled: ICMPv6 error contained another ICMPv6 error. (Which is illegal.)'],
    ['JSTAT_DOUBLE_ICMP4_ERROR', 'Translations cancelled: ICMPv4 error contained another ICMPv4 error. (Which is illegal.)'],
    ['JSTAT_UNKNOWN_PROTO_INNER', "Translations cancelled: ICMP error's inner packet had an unknown transport protocol. (Untranslatable by NAT64.)"],
    [
      'JSTAT_HAIRPIN_LOOP',
      "Translations cancelled: Incoming IPv6 packet's source address matches pool6. (Only the destination address should match pool6.)\nYou have to think of the IPv4 network as an IPv6 network whose prefix is pool6. If your actual IPv6 client also has the pool6 prefix, then your setup risks IP address collision.\nEither change the client's address or fix your pool6 so it represents a unique network.",
    ],
    ['JSTAT_POOL6_MISMATCH', "Translations cancelled: IPv6 packet's destination address did not match pool6. (ie. Packet was not meant to be translated.)"],
    [
      'JSTAT_POOL4_MISMATCH',
      "Translations cancelled: IPv4 packet's destination address and transport protocol did not match pool4. (ie. Packet was not meant to be translated.)\nIf the instance is a Netfilter translator, this counter increases randomly from normal operation, and is harmless.\nIf the instance is an iptables translator, this counter being positive suggests a mismatch between the IPv4 iptables rule(s) and the instance's configuration.",
    ],
    ['JSTAT_ICMP6_FILTER', 'Packets filtered by `drop-icmpv6-info` policy.'],
    ['JSTAT_UNTRANSLATABLE_DST6', "Translations cancelled: IPv6 packet's destination address did not match pool6."],
    ['JSTAT_UNTRANSLATABLE_DST4', "Translations cancelled: IPv4 packet's source address could not be translated with the given pool6."],
    [
      'JSTAT_6056_F',
      'Translations cancelled: Unable to hash packet fields; cannot compute source port. (From my reading of the 4.15 kernel, this can only happen due to memory allocation failures, but YMMV.)',
    ],
    ['JSTAT_MASK_DOMAIN_NOT_FOUND', 'Translations cancelled: There was no pool4 entry whose protocol and mark matched the incoming IPv6 packet.'],
    ['JSTAT_BIB6_NOT_FOUND', 'Translations cancelled: IPv6 packet did not match a BIB entry from the database, and one could not be created.'],
    ['JSTAT_BIB4_NOT_FOUND', 'Translations cancelled: IPv4 packet did not match a BIB entry from the database.'],
    [
      'JSTAT_SESSION_NOT_FOUND',
      "Translations cancelled: Packet was an ICMP error, but did not match a session entry from the database. (Which means that the original packet couldn't have been translated.)",
    ],
    ['JSTAT_ADF', 'Packets filtered by `address-dependent-filtering` policy.'],
    ['JSTAT_V4_SYN', 'Packets filtered by `drop-externally-initiated-tcp` policy.'],
    ['JSTAT_SYN6_EXPECTED', 'Translations cancelled: Incoming IPv6 packet was the first of a TCP connection, but its SYN flag was disabled.'],
    ['JSTAT_SYN4_EXPECTED', 'Translations cancelled: Incoming IPv4 packet was the first of a TCP connection, but its SYN flag was disabled.'],
    [
      'JSTAT_TYPE1PKT',
      'Total number of Type 1 packets stored. (See https://github.com/NICMx/Jool/blob/584a846d09e891a0cd6342426b7a25c6478c90d6/src/mod/nat64/bib/pkt_queue.h#L77) (This counter is not decremented when a packet leaves the queue.)',
    ],
    [
      'JSTAT_TYPE2PKT',
      'Total number of Type 2 packets stored. (See https://github.com/NICMx/Jool/blob/584a846d09e891a0cd6342426b7a25c6478c90d6/src/mod/nat64/bib/pkt_queue.h#L77) (This counter is not decremented when a packet leaves the queue.)',
    ],
    ['JSTAT_SO_EXISTS', 'Translations cancelled: Packet was a Simultaneous Open retry. (Client was trying to punch a hole, and was being unnecessarily greedy.)'],
    ['JSTAT_SO_FULL', 'Translations cancelled: Packet queue was full, so the Simultaneous Open attempt was denied. (Too many clients were trying to punch holes.)'],
    ['JSTAT64_SRC', "Translations cancelled: IPv6 packet's source address did not match pool6 nor any EAMT entries, or the resulting address was denylist4ed."],
    ['JSTAT64_DST', "Translations cancelled: IPv6 packet's destination address did not match pool6 nor any EAMT entries, or the resulting address was denylist4ed."],
    ['JSTAT64_PSKB_COPY', "Translations cancelled: It was not possible to allocate the IPv4 counterpart of the IPv6 packet. (The kernel's pskb_copy() function failed.)"],
    ['JSTAT64_6791_ENOENT', 'Translations cancelled: The rfc6791v4 prefix was needed, but it was unset and a suitable replacement could not be found. Cause is unknown.'],
    ['JSTAT64_ICMP_CSUM', "Translations cancelled: Incoming ICMPv6 error packet's checksum was incorrect."],
    ['JSTAT64_UNTRANSLATABLE_PARAM_PROB_PTR', 'Translations cancelled: Packet was an ICMv6 Parameter Problem error message, but its pointer was untranslatable.'],
    ['JSTAT64_TTL', "Translations cancelled: IPv6 packet's Hop Limit field was 0 or 1."],
    ['JSTAT64_FRAGMENTED_ICMP', 'Translations cancelled: IPv6 Packet was fragmented and ICMP, so its checksum was impossible to translate. (Unknown total packet length from IPv6 pseudoheader.)'],
    ['JSTAT64_2XFRAG', 'Translations cancelled: IPv6 packet has two fragment headers.'],
    ['JSTAT64_FRAG_THEN_EXT', 'Translations cancelled: IPv6 packet has a Hop-by-Hop, Destination or Routing header after the Fragment header.'],
    ['JSTAT64_SEGMENTS_LEFT', 'Translations cancelled: IPv6 packet had a Segments Left field, and it was nonzero.'],
    ['JSTAT46_SRC', "Translations cancelled: IPv4 packet's source address was denylist4ed, or did not match pool6 nor any EAMT entries."],
    ['JSTAT46_DST', "Translations cancelled: IPv4 packet's destination address was denylist4ed, or did not match pool6 nor any EAMT entries."],
    ['JSTAT46_PSKB_COPY', "Translations cancelled: It was not possible to allocate the IPv6 counterpart of the IPv4 packet. (The kernel's __pskb_copy() function failed.)"],
    ['JSTAT46_6791_ENOENT', 'Translations cancelled: The rfc6791v6 prefix was needed, but it was unset and a suitable replacement could not be found. Cause is unknown.'],
    ['JSTAT46_ICMP_CSUM', "Translations cancelled: Incoming ICMPv4 error packet's checksum was incorrect."],
    ['JSTAT46_UNTRANSLATABLE_PARAM_PROBLEM_PTR', 'Translations cancelled: Packet was an ICMv4 Parameter Problem error message, but its pointer was untranslatable.'],
    ['JSTAT46_TTL', "Translations cancelled: IPv4 packet's TTL field was 0 or 1."],
    ['JSTAT46_FRAGMENTED_ICMP', 'Translations cancelled: IPv4 Packet was fragmented and ICMP, so its checksum was impossible to translate. (Unknown total packet length for IPv6 pseudoheader.)'],
    ['JSTAT46_SRC_ROUTE', 'Translations cancelled: Packet had an unexpired Source Route. (Untranslatable.)'],
    [
      'JSTAT46_FRAGMENTED_ZERO_CSUM',
      "Translations cancelled: IPv4 packet's UDP checksum was zero. Jool dropped the packet because --amend-udp-checksum-zero was disabled, and/or the packet was fragmented.\n(In IPv4, the UDP checksum is optional, but in IPv6 it is not. Because stateless translators do not collect fragments, they cannot compute packet-wide checksums from scratch. Zero-checksum UDP fragments are thus untranslatable.)",
    ],
    ['JSTAT46_BAD_MTU', 'Translations cancelled: Translated packet was IPv6, but the interface through which it was routed had an illegal MTU. (< 1280)'],
    [
      'JSTAT_FAILED_ROUTES',
      "Translations cancelled: The translated packet could not be routed; the kernel's routing function errored. Cause is unknown. (It usually happens because the packet's destination address could not be found in the routing table.)",
    ],
    [
      'JSTAT_PKT_TOO_BIG',
      "Translations cancelled: Translated IPv4 packet did not fit in the outgoing interface's MTU. A Packet Too Big or Fragmentation Needed ICMP error was returned to the client.",
    ],
    ['JSTAT_DST_OUTPUT', "Translations cancelled: Translation was successful but the kernel's packet dispatch function (dst_output()) returned nonzero."],
    ['JSTAT_ICMP6ERR_SUCCESS', 'ICMPv6 errors (created by Jool, not translated) sent successfully.'],
    ['JSTAT_ICMP6ERR_FAILURE', 'ICMPv6 errors (created by Jool, not translated) that could not be sent.'],
    ['JSTAT_ICMP4ERR_SUCCESS', 'ICMPv4 errors (created by Jool, not translated) sent successfully.'],
    ['JSTAT_ICMP4ERR_FAILURE', 'ICMPv4 errors (created by Jool, not translated) that could not be sent.'],
    ['JSTAT_ICMPEXT_BIG', 'Illegal ICMP header length. (Exceeds available payload in packet.)'],
    ['JSTAT_JOOLD_EMPTY', 'Joold packet not sent; no sessions queued.'],
    ['JSTAT_JOOLD_TIMEOUT', 'Joold packet sent; ss-flush-deadline reached.'],
    ['JSTAT_JOOLD_MISSING_ACK', 'Joold packet not sent; still waiting for ACK.'],
    ['JSTAT_JOOLD_AD_ONGOING', 'Joold packet sent; advertise still ongoing.'],
    ['JSTAT_JOOLD_PKT_FULL', 'Joold packet sent; session packet full.'],
    ['JSTAT_JOOLD_QUEUING', 'Joold packet not sent; packet still has room for more sessions.'],
    ['JSTAT_JOOLD_SSS_QUEUED', 'Joold: Total sessions queued.'],
    ['JSTAT_JOOLD_SSS_SENT', 'Joold: Total sessions successfully sent.'],
    ['JSTAT_JOOLD_SSS_RCVD', 'Joold: Total sessions successfully received.'],
    ['JSTAT_JOOLD_SSS_ENOSPC', 'Joold: Total sessions dropped because the queue was full.'],
    ['JSTAT_JOOLD_PKT_SENT', 'Joold: Total session packets successfully sent.'],
    ['JSTAT_JOOLD_PKT_RCVD', 'Joold: Total session packets successfully received.'],
    ['JSTAT_JOOLD_ADS', 'Joold: Total advertises queued.'],
    ['JSTAT_JOOLD_ACKS', 'Joold: Total ACKs received from userspace.'],
    ['JSTAT_UNKNOWN', 'Translations cancelled: Programming error found. The module recovered, but the packet was dropped.'],
  ];
}

/** What an instance counts here: its static BIB entries; no traffic, so nothing else. */
export function statValues(counters: readonly Stat[], bibEntries: number): number[] {
  return counters.map(([name]) => (name === 'JSTAT_BIB_ENTRIES' ? bibEntries : 0));
}
