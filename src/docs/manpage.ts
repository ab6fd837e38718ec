/**
 * The manual page jool(1), in roff, made from the option table and texts that --help prints, so
 * the two cannot drift. build.mjs writes it to dist/jool.1 (package.json's "man").
 */
import { ENVIRONMENT, EXTENSION_LINES, OPTIONS, SYNOPSIS_LINES, flagsOf } from '../cli/jool3-options.js';
import { GLOBAL_OPTIONS, MODES, synopsisLines } from '../cli/jool4-options.js';
import { argpFlags, DESCRIPTION, globalRows } from './help.js';

/** Escapes text for roff: backslashes, and a leading dot or quote that would start a request. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^[.']/gm, '\\&$&');
}

export function manPage(version: string, date: string): string {
  const option = (o: (typeof OPTIONS)[number]) => `.TP\n.B ${roff(flagsOf(o))}\n${roff(o.description)}`;
  const jool4Option = (o: (typeof GLOBAL_OPTIONS)[number]) => `.TP\n.B ${roff(argpFlags(o))}\n${roff(o.description)}`;
  return `.TH JOOL 1 "${date}" "jool ${version}" "User Commands"
.SH NAME
jool \\- manage a NAT64 Jool IPv4 transport address pool (pool4) kept in a state file
.SH SYNOPSIS
.nf
${[...SYNOPSIS_LINES, ...EXTENSION_LINES, ...synopsisLines()].map(roff).join('\n')}
.fi
.SH DESCRIPTION
${roff(DESCRIPTION.replace(/\n/g, ' '))}
.PP
A clone of Jool 3's \\fBjool \\-\\-pool4\\fR and Jool 4's \\fBjool pool4\\fR, \\fBjool global\\fR, \\fBjool instance\\fR and
\\fBjool file handle\\fR: the same flags, output and rules, with the pool in a JSON file instead of a
kernel module, to run and test scripts written for Jool anywhere and to plan a pool before it goes
to a real translator.
.SH OPTIONS (JOOL 3 SYNTAX)
${OPTIONS.map(option).join('\n')}
.SH OPTIONS BEFORE THE MODE (JOOL 4 SYNTAX)
${GLOBAL_OPTIONS.map(jool4Option).join('\n')}
${MODES.flatMap((m) => m.operations.filter((op) => op.options.length > 0).map((op) => `.SS ${m.name} ${op.name}\n${roff(op.description)}\n${op.options.map(jool4Option).join('\n')}`)).join('\n')}
.SH GLOBALS (JOOL 4 SYNTAX)
The keys of \\fBjool global update\\fR <key> <value> (any unambiguous prefix) and of a
configuration file's \\fBglobal\\fR object, in the order \\fBjool global display\\fR prints them.
${globalRows()
  .map(([name, text]) => `.TP\n.B ${roff(name)}\n${roff(text)}`)
  .join('\n')}
.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
A well\\-formed request that is refused or cannot be carried out (needs \\fB\\-\\-force\\fR, reserved
address, port 0 only, capacity, a state file that cannot be read, is corrupt or stays locked).
With \\fB\\-\\-check\\fR: something overlaps the ephemeral range. With \\fB\\-\\-plan\\fR: the pools differ,
and the script is on standard output. With \\fBfile check\\fR: \\fBfile handle\\fR would refuse the file,
for the reasons on standard error.
.TP
.B 2
Usage error: unknown flag, illegal combination, missing or extra argument, malformed value. With
\\fB\\-\\-check\\fR and \\fB\\-\\-plan\\fR, any trouble at all (as for \\fBdiff\\fR(1)).
.PP
A failing command changes nothing and prints nothing on standard output.
.SH ENVIRONMENT
${ENVIRONMENT.map((e) => `.TP\n.B ${e.name}\n${roff(e.description)}`).join('\n')}
.SH FILES
.TP
.I <state>.lock
Held while a command changes the pool.
.TP
.I /proc/sys/net/ipv4/ip_local_port_range
The host's ephemeral port range, read by \\fB\\-\\-check\\fR.
.SH EXAMPLES
.nf
jool \\-\\-pool4 \\-\\-add 192.0.2.1
jool \\-\\-pool4 \\-\\-add \\-\\-tcp 192.0.2.2 7000\\-7999
jool \\-\\-pool4 \\-\\-display
jool \\-\\-pool4 \\-\\-remove \\-\\-mark 0 192.0.2.0/24
jool \\-\\-pool4 \\-\\-check \\-\\-ephemeral\\-range 32768\\-60999
jool \\-\\-pool4 \\-\\-display \\-\\-json > pool4.json; jool \\-\\-pool4 \\-\\-import pool4.json \\-\\-replace
jool instance add \\-\\-netfilter \\-\\-pool6 64:ff9b::/96
jool pool4 add \\-\\-tcp 192.0.2.1 61001\\-65535
jool pool4 display \\-\\-tcp
jool file check config.json && jool file handle config.json
jool global update lowest\\-ipv6\\-mtu 1440
jool stats display \\-\\-all \\-\\-explain
jool \\-\\-pool4 \\-\\-plan desired.json \\-\\-syntax jool4 > plan.sh
.fi
.SH SEE ALSO
The Jool documentation: https://nicmx.github.io/Jool/
`;
}
