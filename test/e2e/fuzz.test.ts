// Random and hostile command lines: never a crash or a stack trace, always exit 1 or 2 with a
// message, never a change to the state file.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { toJoolError } from '../../src/errors';
import { run } from '../../src/main';
import { stringSink } from '../../src/output/sink';
import { parsePortRange, parsePrefix } from '../../src/formats/values';
import { GLOBALS, parseGlobalText } from '../../src/global/globals';
import { jool, tempDir } from '../helpers';

const FLAGS = [
  '--check',
  '--table',
  '--json',
  '--import',
  '--replace',
  '--ephemeral-range',
  '--completion',
  '-4',
  '--pool4',
  '-a',
  '--add',
  '-r',
  '--remove',
  '-f',
  '--flush',
  '-d',
  '--display',
  '-c',
  '--count',
  '--csv',
  '-m',
  '--mark',
  '-t',
  '--tcp',
  '-u',
  '--udp',
  '-i',
  '--icmp',
  '--force',
  '-q',
  '--quick',
  '--pool6',
  '--bib',
  '-b',
  '-bn',
  '--session',
  '-s',
  '--numeric',
  '-n',
  '-4a',
  '-4r',
  '-m0',
];

const isValidValue = (t: string) => {
  // A value any global reads would be a valid `global update` (udp-timeout 123456 is 34 hours).
  for (const parse of [parsePortRange, parsePrefix, ...GLOBALS.map((g) => (text: string) => parseGlobalText(g, text))]) {
    try {
      parse(t);
      return true;
    } catch {
      // not that kind of value
    }
  }
  return false;
};

const noNul = (s: string) => s.replace(/\0/g, '');
const hostile = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }).map(noNul),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ minLength: 1000, maxLength: 20_000 }),
    fc.bigInt({ min: 2n ** 32n, max: 2n ** 300n }).map(String),
    fc.constantFrom(
      '1e3',
      '0x10',
      '-1',
      '+5',
      '65536',
      '192.0.2',
      '192.0.2.1/33',
      '',
      '٣',
      '１２',
      '1e999',
      'NaN',
      'Infinity',
      '-0',
      '--',
      '-',
      '---',
      '--=',
      '--mark=',
      '--mark=-1',
      '-m-1',
      '--pool4=1',
      '-4X',
      '—add',
    ),
    fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat()).map((n) => `${n[0]}.${n[1]}.${n[2]}.${n[3]}/${n[4]}`),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}-${b}-${a}`),
    fc.string().map((s) => `--${s}`),
  )
  .filter((t) => !isValidValue(t));

/** Any mix of flags and hostile tokens, ending with a hostile token that can only be an argument. */
const argvArb = fc.tuple(fc.array(fc.oneof(fc.constantFrom(...FLAGS), hostile), { maxLength: 8 }), hostile).map(([mix, last]) => [...mix, '--', last]);

function seededState(): { state: string; before: string } {
  const state = join(tempDir(), 'pool4.json');
  jool(['-4', '-a', '192.0.2.1', '--state', state]);
  return { state, before: readFileSync(state, 'utf8') };
}

const FUZZ_IN_PROCESS = 3000;
const FUZZ_SPAWNED = 60;

/**
 * Runs argv in process on the seeded state: a failure must be tidy (exit 1 or 2, one short printable
 * line each, no trace, nothing on stdout) and change nothing. Long options abbreviate in the Jool 4
 * syntax, so a hostile --h, --u or --v before a word may ask for help or the version: that is the one
 * success allowed. Returns the status.
 */
function runHostile(argv: string[], state: string, before: string): number {
  const out = stringSink();
  let status: number;
  let message = '';
  try {
    const result = run(argv, { env: { JOOL_POOL4_STATE: state }, home: '/nonexistent' }, out);
    if (typeof result !== 'number') throw new Error('only a display of BIB entries with names answers later, and this state holds none');
    status = result;
  } catch (e) {
    const error = toJoolError(e);
    status = error.status;
    message = error.message;
  }
  expect(readFileSync(state, 'utf8')).toBe(before);
  if (status === 0) {
    expect(out.text()).toMatch(/^Usage \(Jool 3 syntax\):\n|^jool (\d+\.\d+\.\d+|development) /);
    return status;
  }
  expect([1, 2]).toContain(status);
  expect(message).not.toMatch(/internal error|\n\s+at /);
  expect(message.length).toBeGreaterThan(0);
  // Hostile values are shown escaped and cut short: one tidy line each, nothing for the terminal to obey.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
  expect(message).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  expect(Math.max(...message.split('\n').map((l) => l.length))).toBeLessThan(400);
  expect(out.text()).toBe('');
  return status;
}

it(`${FUZZ_IN_PROCESS} hostile command lines, in process`, () => {
  const { state, before } = seededState();
  const statuses = { 0: 0, 1: 0, 2: 0 };
  fc.assert(
    fc.property(argvArb, (argv) => {
      statuses[runHostile(argv, state, before) as 0 | 1 | 2]++;
    }),
    { numRuns: FUZZ_IN_PROCESS },
  );
  console.log(`fuzz, in process: ${FUZZ_IN_PROCESS} command lines, ${statuses[2]} usage errors, ${statuses[1]} refusals, ${statuses[0]} help or version`);
});

it(`${FUZZ_SPAWNED} hostile command lines against bin/jool`, () => {
  const { state, before } = seededState();
  fc.assert(
    fc.property(argvArb, (argv) => {
      const r = jool(argv, { JOOL_POOL4_STATE: state });
      expect([1, 2]).toContain(r.status);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^jool: /);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at |Error:/);
      expect(readFileSync(state, 'utf8')).toBe(before);
    }),
    { numRuns: FUZZ_SPAWNED },
  );
});

// The Jool 4 syntax: a mode and an operation (whole or abbreviated), then any mix of its flags and
// hostile tokens, then a hostile argument after --. Never a crash, never a change, tidy messages.
const JOOL4_COMMANDS = [
  ['pool4', 'add'],
  ['p', 'a'],
  ['pool4', 'remove'],
  ['po', 'r'],
  ['pool4', 'display'],
  ['pool4', 'flush'],
  ['instance', 'add'],
  ['i', 'remove'],
  ['file', 'handle'],
  ['f', 'h'],
  ['bib', 'add'],
  ['b', 'r'],
  ['bib', 'display'],
  ['session', 'display'],
  ['se', 'd'],
  ['pool4'],
  ['bib'],
  ['global', 'display'],
  ['g', 'u'],
  ['global', 'update', 'tos'],
  ['g', 'u', 'udp'],
  ['global', 'update', 'mtu-plateaus'],
  ['global', 'update', 'pool6'],
  ['global', 'update', 'manually-enabled'],
  ['stats', 'display'],
  ['st', 'd'],
  ['file', 'check'],
  ['f', 'c'],
  [],
];
const JOOL4_FLAGS = [
  '--tcp',
  '-t',
  '--udp',
  '-u',
  '--icmp',
  '-i',
  '--mark',
  '--max-iterations',
  '--max',
  '--force',
  '-f',
  '--quick',
  '-q',
  '--csv',
  '--no-headers',
  '--numeric',
  '--num',
  '--netfilter',
  '--iptables',
  '--pool6',
  '-6',
  '-tf',
  '--ma',
  '--mark=',
  '--help=x',
  '--all',
  '-a',
  '--explain',
  '-e',
  '-ae',
];
const jool4Arb = fc
  .tuple(
    fc.array(fc.constantFrom('-i', '--instance', '-f', '--file', '--state'), { maxLength: 2 }),
    fc.constantFrom(...JOOL4_COMMANDS),
    fc.array(fc.oneof(fc.constantFrom(...JOOL4_FLAGS), hostile), { maxLength: 6 }),
    hostile,
  )
  .map(([globals, command, mix, last]) => [...globals.flatMap((g) => [g, 'x\u0007y']), ...command, ...mix, '--', last]);

it(`${FUZZ_IN_PROCESS} hostile Jool 4 command lines, in process`, () => {
  const { state, before } = seededState();
  fc.assert(
    fc.property(jool4Arb, (argv) => void runHostile(argv, state, before)),
    { numRuns: FUZZ_IN_PROCESS },
  );
});
