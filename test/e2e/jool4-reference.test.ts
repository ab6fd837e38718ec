// The Examples of Jool 4's pool4 page (jool4-usr-flags-pool4.md), as Jool 4.1.15 prints them:
// the page's own outputs where the code agrees with it, the code's where it does not (facts 8).
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { jool, tempDir } from '../helpers';

const SEP = '+------------+-------+--------------------+-----------------+-------------+';
const HEAD = '|       Mark | Proto |     Max iterations |         Address |       Ports |';
const lines = (...l: string[]) => `${l.join('\n')}\n`;
const EMPTY = lines(SEP, HEAD, SEP, SEP); // the page shows three lines; the code prints a fourth (facts 8.2)
const EMPTY_NO_HEADERS = lines(SEP, SEP); // the page shows nothing (facts 8.3)

/** Each step: the command after `jool`, its exit status, and what it prints on stdout. */
type Step = [command: string, status: number, stdout: string];

const TRANSCRIPT: Step[] = [
  ['pool4 display --tcp', 0, EMPTY],
  ['pool4 display --udp --no-headers', 0, EMPTY_NO_HEADERS],
  ['pool4 display --icmp --no-headers', 0, EMPTY_NO_HEADERS],
  ['pool4 add --tcp 192.0.2.1 1000-2500', 0, ''],
  ['pool4 add --tcp 192.0.2.1 1500-3000', 0, ''],
  ['pool4 display --tcp', 0, lines(SEP, HEAD, SEP, '|          0 |   TCP |       1024 ( auto) |       192.0.2.1 |  1000- 3000 |', SEP)],
  ['pool4 add --tcp 192.0.2.1    1500-2500 --mark 1 ', 0, ''],
  // 4.1.15 refuses these two (facts 8.4): 1-65535 meets the ephemeral range. --force is the way out.
  ['pool4 add --tcp 192.0.2.8/30 1-65535', 1, ''],
  ['pool4 add --udp 192.0.2.100  1-65535   --max-iterations 5000', 1, ''],
  ['pool4 add --tcp 192.0.2.8/30 1-65535 --force', 0, ''],
  ['pool4 add --udp 192.0.2.100  1-65535   --max-iterations 5000 --force', 0, ''],
  [
    'pool4 display --tcp',
    0,
    lines(
      SEP,
      HEAD,
      SEP,
      '|          1 |   TCP |       1024 ( auto) |       192.0.2.1 |  1500- 2500 |',
      SEP,
      '|          0 |   TCP |       2059 ( auto) |       192.0.2.1 |  1000- 3000 |',
      '|            |       |                    |       192.0.2.8 |     1-65535 |',
      '|            |       |                    |       192.0.2.9 |     1-65535 |',
      '|            |       |                    |      192.0.2.10 |     1-65535 |',
      '|            |       |                    |      192.0.2.11 |     1-65535 |',
      SEP,
    ),
  ],
  ['pool4 display --udp', 0, lines(SEP, HEAD, SEP, '|          0 |   UDP |       5000 (fixed) |     192.0.2.100 |     1-65535 |', SEP)],
  ['pool4 remove --mark 0 192.0.2.0/24 0-65535', 0, ''],
  ['pool4 display', 0, lines(SEP, HEAD, SEP, '|          1 |   TCP |       1024 ( auto) |       192.0.2.1 |  1500- 2500 |', SEP)],
  ['pool4 flush', 0, ''],
  ['pool4 display --tcp  --no-headers', 0, EMPTY_NO_HEADERS],
  ['pool4 display --udp  --no-headers', 0, EMPTY_NO_HEADERS],
  ['pool4 display --icmp --no-headers', 0, EMPTY_NO_HEADERS],
];

const env = (state: string) => ({ JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999' });

it("runs the page's Examples and prints what Jool 4.1.15 prints, 2059 ( auto) included", () => {
  const state = join(tempDir(), 'pool4.json');
  for (const [command, status, stdout] of TRANSCRIPT) {
    const r = jool(command.trim().split(/ +/), env(state));
    expect({ command, status: r.status, stdout: r.stdout }).toEqual({ command, status, stdout });
    if (status === 0) expect(r.stderr).toBe('');
    else expect(r.stderr).toMatch(/^jool: TCP|^jool: UDP/);
  }
});

it('runs the --max-iterations example', () => {
  const state = join(tempDir(), 'pool4.json');
  const common = ['192.0.2.1', '100-200', '--tcp'];
  for (const [mark, iterations] of [
    ['0', 'auto'],
    ['1', '999'],
    ['2', 'infinity'],
  ]) {
    expect(jool(['pool4', 'add', '--mark', mark, ...common, '--max-iterations', iterations], env(state)).status).toBe(0);
  }
  expect(jool(['pool4', 'display'], env(state)).stdout).toBe(
    lines(
      SEP,
      HEAD,
      SEP,
      '|          2 |   TCP |   Infinite (fixed) |       192.0.2.1 |   100-  200 |',
      SEP,
      '|          1 |   TCP |        999 (fixed) |       192.0.2.1 |   100-  200 |',
      SEP,
      '|          0 |   TCP |       1024 ( auto) |       192.0.2.1 |   100-  200 |',
      SEP,
    ),
  );
});

it('runs the <port-range> example after moving the ephemeral range away', () => {
  const state = join(tempDir(), 'pool4.json');
  const moved = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 40000' };
  for (const p of ['--tcp', '--udp', '--icmp']) expect(jool(['pool4', 'add', '192.0.2.1', '61001-65535', p], moved).status).toBe(0);
  for (const p of ['--tcp', '--udp', '--icmp']) expect(jool(['pool4', 'add', '192.0.2.1', '40001-61000', p], moved).status).toBe(0);
  expect(jool(['pool4', 'display', '--tcp'], moved).stdout).toBe(lines(SEP, HEAD, SEP, '|          0 |   TCP |       1024 ( auto) |       192.0.2.1 | 40001-65535 |', SEP));
});
