/**
 * `jool --help`: both dialects' syntax and every flag, from their option tables (jool3-options.ts,
 * jool4-options.ts), like the manual page and the completion script.
 */
import { ENVIRONMENT, EXTENSION_LINES, OPTIONS, SYNOPSIS_LINES, flagsOf } from '../cli/jool3-options.js';
import type { ArgpOption } from '../cli/argp.js';
import { GLOBAL_OPTIONS, MODES, synopsisLines } from '../cli/jool4-options.js';
import { formatGlobal, GLOBALS, TYPE_WORDS } from '../global/globals.js';

export const DESCRIPTION = `Manages a NAT64 Jool's IPv4 transport address pool (pool4), static BIB and globals, kept in a JSON
state file instead of the kernel, in Jool 3's syntax (jool --pool4 ..., jool --bib ...) or Jool
4.1.15's (jool pool4 ..., jool bib ..., jool global ..., jool instance ..., jool file handle ...), on
one state. jool file check says whether file handle would accept a configuration. <IPv4 prefix>
is a.b.c.d[/len]; <port range> is N or N-M; <bib4> is a.b.c.d#port and <bib6> an IPv6 address#port.
A BIB entry's IPv4 side must be in pool4; removing it from pool4 removes the entry too, unless
--quick. Sessions are always empty (there is no traffic). Jool 3 syntax: the range defaults to
60001-65535 for --add and 0-65535 for --remove; flags and arguments may come in any order; no
protocol flag means all three. Jool 4 syntax: modes and operations abbreviate (jool p d is jool
pool4 display); one protocol per command; pool4 add needs the prefix, the range and the protocol.
JOOL_VERSION (or --jool-version) names the Jool 4 release to answer as, 4.1.0 to 4.1.15 or a
package version such as 4.1.9-1: its keys, defaults, counters and refusals (docs/releases.md).`;

export const EXIT_STATUS = 'Exit status: 0 success, 1 refused or failed (nothing changed), 2 usage error.';

export function argpFlags(o: ArgpOption): string {
  const long = `--${o.name}${o.value === undefined ? '' : ` <${o.value}>`}`;
  return o.short === undefined ? long : `-${o.short}, ${long}`;
}

function columns(rows: readonly [string, string][], indent: string): string[] {
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}  ${b}`);
}

/** The globals of `jool global update`, one line each: type, default, Jool's description. */
export function globalRows(): [string, string][] {
  return GLOBALS.map((g) => {
    const byDefault = g.name === 'pool6' ? "the instance's" : formatGlobal(g, g.default, false);
    return [g.name, `${TYPE_WORDS[g.type]}; default ${byDefault}. ${g.doc.replace(/\n/g, ' ')}`];
  });
}

export function helpText(): string {
  const jool4Options: string[] = [];
  for (const mode of MODES) {
    for (const op of mode.operations) {
      if (op.options.length === 0) continue;
      jool4Options.push(
        `  ${mode.name} ${op.name}:`,
        ...columns(
          op.options.map((o) => [argpFlags(o), o.description]),
          '    ',
        ),
      );
    }
  }
  return [
    'Usage (Jool 3 syntax):',
    ...SYNOPSIS_LINES.map((l) => `  ${l}`),
    '',
    'Extensions:',
    ...EXTENSION_LINES.map((l) => `  ${l}`),
    '',
    'Usage (Jool 4 syntax):',
    ...synopsisLines().map((l) => `  ${l}`),
    '',
    DESCRIPTION,
    '',
    'Options (Jool 3 syntax):',
    ...columns(
      OPTIONS.map((o) => [flagsOf(o), o.description]),
      '  ',
    ),
    '',
    'Options before the mode (Jool 4 syntax):',
    ...columns(
      GLOBAL_OPTIONS.map((o) => [argpFlags(o), o.description]),
      '  ',
    ),
    '',
    'Options of each operation (Jool 4 syntax; each also takes --help):',
    ...jool4Options,
    '',
    "Globals of Jool 4.1.15 (jool global update <key> <value>; keys abbreviate; an older release's: jool --jool-version <release> global display):",
    ...columns(globalRows(), '  '),
    '',
    'Environment:',
    ...columns(
      ENVIRONMENT.map((e) => [e.name, e.description]),
      '  ',
    ),
    '',
    EXIT_STATUS,
    '',
  ].join('\n');
}
