// The Examples section of the reference page (usr-flags-pool4.md), run as written.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { jool, docSteps, runSteps, tempDir } from '../helpers';

/** Each step: the command after `jool`, and what it prints (empty for the silent ones). */
const TRANSCRIPT: [string, string][] = [
  ['--pool4 --display', '  (empty)\n'],
  ['--pool4 --add 192.0.2.1', ''],
  ['--pool4 --display', '0\tICMP\t192.0.2.1\t60001-65535\n0\tUDP\t192.0.2.1\t60001-65535\n0\tTCP\t192.0.2.1\t60001-65535\n  (Fetched 3 entries.)\n'],
  ['--pool4 --add          --tcp 192.0.2.2 7000-7999', ''],
  ['--pool4 --add --mark 1 --tcp 192.0.2.2 8000-8999', ''],
  ['--pool4 --add          --tcp 192.0.2.4/31', ''],
  [
    '--pool4 --display',
    [
      '0\tICMP\t192.0.2.1\t60001-65535',
      '0\tUDP\t192.0.2.1\t60001-65535',
      '0\tTCP\t192.0.2.1\t60001-65535',
      '0\tTCP\t192.0.2.2\t7000-7999',
      '0\tTCP\t192.0.2.4\t60001-65535',
      '0\tTCP\t192.0.2.5\t60001-65535',
      '1\tTCP\t192.0.2.2\t8000-8999',
      '  (Fetched 7 entries.)',
      '',
    ].join('\n'),
  ],
  ['--pool4 --remove --mark 0 192.0.2.0/24 0-65535', ''],
  ['--pool4 --display', '1\tTCP\t192.0.2.2\t8000-8999\n  (Fetched 1 entries.)\n'],
  ['--pool4 --flush', ''],
  ['--pool4 --display', '  (empty)\n'],
];

it('runs the reference page Examples and prints exactly what the page shows', () => {
  const state = join(tempDir(), 'pool4.json');
  for (const [command, output] of TRANSCRIPT) {
    const r = jool(command.split(/ +/), { JOOL_POOL4_STATE: state });
    expect({ command, ...r }).toEqual({ command, status: 0, stdout: output, stderr: '' });
  }
});

it('merges the Notes example 60001-65535 + 40001-60000 into 40001-65535', () => {
  const state = join(tempDir(), 'pool4.json');
  const env = { JOOL_POOL4_STATE: state };
  jool(['--pool4', '--add', '--tcp', '192.0.2.1'], env);
  jool(['--pool4', '--add', '--tcp', '192.0.2.1', '40001-60000'], env);
  expect(jool(['--pool4', '--display'], env).stdout).toBe('0\tTCP\t192.0.2.1\t40001-65535\n  (Fetched 1 entries.)\n');
});

it("runs docs/jool3.md's Jool 3 script as printed", () => {
  const steps = docSteps('jool3.md', 'A Jool 3 script, whole', '\n(The first `--pool4` line');
  expect(runSteps(steps, tempDir())).toBe(9);
});

it("runs docs/jool3.md's examples as printed", () => {
  const steps = docSteps('jool3.md', '## Examples', '\nAdding merges overlapping');
  expect(runSteps(steps, tempDir())).toBe(steps.length);
});
