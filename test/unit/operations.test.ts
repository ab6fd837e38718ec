// Each operation in-process, on a temporary state file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { add } from '../../src/modes/pool4';
import { parsePrefix } from '../../src/formats/values';
import { toJoolError } from '../../src/errors';
import { run } from '../../src/main';
import { stringSink } from '../../src/output/sink';
import { tempDir } from '../helpers';

function jool(state: string, ...argv: string[]) {
  const out = stringSink();
  try {
    return { status: run(argv, { env: { JOOL_POOL4_STATE: state }, home: '/' }, out), stdout: out.text() };
  } catch (e) {
    return { status: toJoolError(e).status, stdout: out.text(), message: toJoolError(e).message };
  }
}

it('add, display, count, remove, flush', () => {
  const state = join(tempDir(), 'pool4.json');
  expect(jool(state, '-4', '-a', '--tcp', '192.0.2.0/30', '1-100')).toEqual({ status: 0, stdout: '' });
  expect(jool(state, '-4', '-r', '--tcp', '192.0.2.1/32', '50')).toEqual({ status: 0, stdout: '' });
  expect(jool(state, '-4').stdout).toBe(
    ['0\tTCP\t192.0.2.0\t1-100', '0\tTCP\t192.0.2.1\t1-49', '0\tTCP\t192.0.2.1\t51-100', '0\tTCP\t192.0.2.2\t1-100', '0\tTCP\t192.0.2.3\t1-100', '  (Fetched 5 entries.)\n'].join('\n'),
  );
  expect(jool(state, '-4', '-c').stdout).toBe('tables: 1\nsamples: 5\ntransport addresses: 399\n');
  expect(readFileSync(state, 'utf8')).toContain('"TCP 0 192.0.2.0 1-100",\n        "TCP 0 192.0.2.1 1-49,51-100",\n        "TCP 0 192.0.2.2-192.0.2.3 1-100"');
  expect(jool(state, '-4', '-f')).toEqual({ status: 0, stdout: '' });
  expect(jool(state, '-4').stdout).toBe('  (empty)\n');
});

it('a refused add leaves the file byte for byte', () => {
  const state = join(tempDir(), 'pool4.json');
  jool(state, '-4', '-a', '192.0.2.1');
  const before = readFileSync(state, 'utf8');
  expect(jool(state, '-4', '-a', '192.0.2.0/16')).toMatchObject({ status: 2, stdout: '' });
  expect(jool(state, '-4', '-a', '10.0.0.0/16')).toMatchObject({ status: 1, stdout: '' });
  expect(readFileSync(state, 'utf8')).toBe(before);
});

it('prints a /16 with all protocols as 196,608 rows', () => {
  const state = join(tempDir(), 'pool4.json');
  jool(state, '-4', '-a', '--force', '10.0.0.0/16');
  expect(JSON.parse(readFileSync(state, 'utf8')).instances[0].runs).toEqual([
    'ICMP 0 10.0.0.0-10.0.255.255 60001-65535',
    'UDP 0 10.0.0.0-10.0.255.255 60001-65535',
    'TCP 0 10.0.0.0-10.0.255.255 60001-65535',
  ]);
  const lines = jool(state, '-4').stdout.split('\n');
  expect(lines).toHaveLength(196_608 + 2);
  expect(lines[65536]).toBe('0\tUDP\t10.0.0.0\t60001-65535');
  expect(lines[196_608]).toBe('  (Fetched 196608 entries.)');
});

describe('the ephemeral range of Jool 4 syntax add and file handle', () => {
  // JOOL_EPHEMERAL_RANGE first, then the host's /proc file, then Linux's default 32768-60999.
  const request = (state: string, ports: [number, number], ephemeral?: [number, number]) => ({
    operation: 'add' as const,
    state,
    lockTimeoutMs: 1000,
    release: '4.1.15' as const,
    instance: 'default',
    dialect: 'jool4' as const,
    entry: { mark: 0, protocols: ['UDP' as const], prefix: parsePrefix('192.0.2.1'), ports },
    force: false,
    ephemeral,
  });
  const refusal = (f: () => number) => {
    try {
      return f();
    } catch (e) {
      return toJoolError(e).message.split('\n')[0];
    }
  };

  it('reads the /proc file, and falls back to Linux default when it cannot', () => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    const proc = join(dir, 'ip_local_port_range');
    writeFileSync(proc, '1000\t2000\n');
    expect(refusal(() => add(request(state, [1500, 1600]), undefined, proc))).toBe(
      "UDP port range 1500-1600 intersects the ephemeral port range 1000-2000, whose ports the host's own connections use.",
    );
    expect(add(request(state, [40000, 40001]), undefined, proc)).toBe(0);
    const missing = join(dir, 'none');
    expect(refusal(() => add(request(state, [40000, 40002]), undefined, missing))).toMatch(/ephemeral port range 32768-60999/);
    writeFileSync(proc, 'garbage');
    expect(refusal(() => add(request(state, [60999, 61000]), undefined, proc))).toMatch(/ephemeral port range 32768-60999/);
    // JOOL_EPHEMERAL_RANGE wins over the file.
    writeFileSync(proc, '1000 2000');
    expect(refusal(() => add(request(state, [40000, 40003], [40000, 40000]), undefined, proc))).toMatch(/ephemeral port range 40000-40000/);
    expect(add(request(state, [1500, 1600], [40000, 40000]), undefined, proc)).toBe(0);
  });
});
