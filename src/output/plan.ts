/**
 * --plan's script: a `sh` script of `jool` commands in the chosen syntax, one per line: BIB removes,
 * pool4 removes, pool4 adds, BIB adds, then global updates (last: Jool refuses a global update
 * while any BIB entry is outside pool4); each pool4 command with its mark, protocol flag(s), a
 * CIDR prefix and an explicit port range.
 */
import type { BibPlan, BibStep } from '../bib/plan.js';
import type { GlobalStep, Jool3GlobalStep } from '../global/plan.js';
import { formatAddress, formatPrefix } from '../pool4/addresses.js';
import { DEFAULT_INSTANCE } from '../instance/instances.js';
import type { Step, Syntax } from '../pool4/plan.js';
import { quote, quotePath } from '../quote.js';

/** What the Jool 3 syntax plans besides pool4 and the BIB: pool6 first, max iterations (3.5.5) after the adds, --global lines last. */
export interface Jool3Extras {
  readonly pool6: { readonly remove?: string; readonly add?: string };
  readonly updates: readonly { readonly mark: number; readonly protocol: string; readonly iterations: string }[];
  readonly globals: readonly Jool3GlobalStep[];
  /** Keys the Jool 3 release has no flag for, said in Jool 4's syntax (which this program speaks too). */
  readonly jool4: readonly GlobalStep[];
  /** Keys that differ but the Jool 3 release has no flag for. */
  readonly unsaid: readonly string[];
}

export function formatPlan(steps: readonly Step[], entries: BibPlan, globals: readonly GlobalStep[], syntax: Syntax, instance: string, desired: string, extras?: Jool3Extras): string {
  const removes = steps.filter((s) => s.op === 'remove').length;
  const pool = syntax === 'jool3' ? jool3(instance) : jool4(instance);
  const bib = (s: BibStep) => (syntax === 'jool3' ? jool3Bib(s, instance) : jool4Bib(s, instance));
  const lines = [
    '#!/bin/sh',
    // Names as printable text: a newline in a file's name must not start a command.
    `# jool --pool4 --plan: turns the pool of instance ${quote(instance)} into the one of ${quotePath(desired)}:`,
    `# ${removes} ${removes === 1 ? 'remove' : 'removes'}, then ${steps.length - removes} ${steps.length - removes === 1 ? 'add' : 'adds'}. Stops at the first command that fails.`,
  ];
  if (entries.removes.length + entries.adds.length > 0) {
    lines.push(`# The BIB: ${entries.removes.length} ${entries.removes.length === 1 ? 'entry' : 'entries'} removed before pool4 changes, ${entries.adds.length} added after.`);
  }
  const refills = steps.filter((s) => s.refill).length;
  if (refills > 0) {
    lines.push(
      `# ${refills === 1 ? 'The last add is of a sample' : `The last ${refills} adds are of samples`} pool4 already holds: a remove in another mark took ${refills === 1 ? 'it' : 'them'} out of Jool's mark-less tree, which bib add asks.`,
    );
  }
  if (globals.length > 0) lines.push(`# Globals: ${globals.length} updated last.`);
  const global = (g: GlobalStep) => ['jool', ...(instance === DEFAULT_INSTANCE ? [] : ['-i', shellWord(instance)]), 'global', 'update', g.key, shellWord(g.value)].join(' ');
  // concat, not push(...): a plan may hold hundreds of thousands of steps, past the arguments a call takes.
  if (extras === undefined) {
    return `${lines.concat(['set -e'], entries.removes.map(bib), steps.map(pool), entries.adds.map(bib), globals.map(global)).join('\n')}\n`;
  }
  const jool = instance === DEFAULT_INSTANCE ? 'jool' : `jool --instance ${shellWord(instance)}`;
  if (extras.globals.length > 0) lines.push(`# Globals: ${extras.globals.length} set last, with Jool 3's --global key flags.`);
  if (extras.jool4.length > 0) {
    const one = extras.jool4.length === 1;
    lines.push(
      `# ${extras.jool4.map((g) => g.key).join(', ')}: no flag of this Jool 3 sets ${one ? 'it' : 'them'}, so ${one ? 'its line is' : 'their lines are'} in Jool 4's syntax (a real Jool 3 refuses ${one ? 'it' : 'them'}).`,
    );
  }
  if (extras.unsaid.length > 0) {
    const one = extras.unsaid.length === 1;
    lines.push(`# Not planned: ${extras.unsaid.join(', ')} (no flag of either syntax sets ${one ? 'it' : 'them'} as the target has ${one ? 'it' : 'them'}).`);
  }
  lines.push('set -e');
  if (extras.pool6.remove !== undefined) lines.push(`${jool} --pool6 --remove ${extras.pool6.remove}`);
  if (extras.pool6.add !== undefined) lines.push(`${jool} --pool6 --add ${extras.pool6.add}`);
  const all = lines.concat(
    entries.removes.map(bib),
    steps.map(pool),
    extras.updates.map((u) => `${jool} --pool4 --update --mark ${u.mark} --${u.protocol.toLowerCase()} --max-iterations ${u.iterations}`),
    entries.adds.map(bib),
    extras.globals.map((g) => `${jool} --${g.flag}${g.value === undefined ? '' : ` ${shellWord(g.value)}`}`),
    extras.jool4.map(global),
  );
  return `${all.join('\n')}\n`;
}

function bibWords(s: BibStep): string[] {
  return [`--${s.protocol.toLowerCase()}`, `${formatAddress(s.entry.address4)}#${s.entry.port4}`, `${s.entry.address6}#${s.entry.port6}`];
}

function jool3Bib(s: BibStep, instance: string): string {
  const words = ['jool', '--bib'];
  if (instance !== DEFAULT_INSTANCE) words.push('--instance', shellWord(instance));
  return [...words, `--${s.op}`, ...bibWords(s)].join(' ');
}

function jool4Bib(s: BibStep, instance: string): string {
  const words = ['jool'];
  if (instance !== DEFAULT_INSTANCE) words.push('-i', shellWord(instance));
  return [...words, 'bib', s.op, ...bibWords(s)].join(' ');
}

/** The pool4 commands of one syntax; a plan may hold 100,000 of them, so each is one string built once. */
function jool3(instance: string): (s: Step) => string {
  const command = instance === DEFAULT_INSTANCE ? 'jool --pool4' : `jool --pool4 --instance ${shellWord(instance)}`;
  return (s) => {
    let line = `${command} --${s.op} --mark ${s.mark}`;
    // Flags in the order people write them.
    if (s.protocols.includes('TCP')) line += ' --tcp';
    if (s.protocols.includes('UDP')) line += ' --udp';
    if (s.protocols.includes('ICMP')) line += ' --icmp';
    return `${line} ${formatPrefix(s.prefix)} ${s.range[0]}-${s.range[1]}${s.force ? ' --force' : ''}${s.quick ? ' --quick' : ''}`;
  };
}

function jool4(instance: string): (s: Step) => string {
  const command = instance === DEFAULT_INSTANCE ? 'jool pool4' : `jool -i ${shellWord(instance)} pool4`;
  return (s) => {
    const iterations = s.iterations === undefined ? '' : ` --max-iterations ${s.iterations}`;
    return `${command} ${s.op} --mark ${s.mark} --${s.protocols[0].toLowerCase()} ${formatPrefix(s.prefix)} ${s.range[0]}-${s.range[1]}${iterations}${s.force ? ' --force' : ''}${s.quick ? ' --quick' : ''}`;
  };
}

/** A word the shell reads back as it is: bare when it can be, else in single quotes. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_.:@%+=,/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
