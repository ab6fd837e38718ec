import { describe, expect, it } from 'vitest';
import { samePorts, size, subtract, unite, type PortRange, type PortSet } from '../../src/pool4/ports';

/** "1-5 7-9" <-> [[1,5],[7,9]] */
const set = (text: string): PortSet => (text === '' ? [] : text.split(' ').map((r) => r.split('-').map(Number) as unknown as PortRange));
const show = (s: PortSet) => s.map((r) => `${r[0]}-${r[1]}`).join(' ');
const range = (text: string) => set(text)[0];

describe('unite', () => {
  it.each([
    ['empty set', '', '5-9', '5-9'],
    ['before, apart', '20-30', '5-9', '5-9 20-30'],
    ['after, apart', '20-30', '40-50', '20-30 40-50'],
    ['adjacent below', '60001-65535', '40001-60000', '40001-65535'],
    ['adjacent above', '40001-60000', '60001-65535', '40001-65535'],
    ['overlapping start', '20-30', '15-25', '15-30'],
    ['overlapping end', '20-30', '25-35', '20-35'],
    ['inside', '20-30', '22-28', '20-30'],
    ['covering', '20-30', '10-40', '10-40'],
    ['bridging two', '1-5 10-15', '6-9', '1-15'],
    ['swallowing several', '1-2 4-5 7-8 20-21', '3-9', '1-9 20-21'],
    ['between, apart', '1-2 10-12', '5-6', '1-2 5-6 10-12'],
    ['same', '1-2', '1-2', '1-2'],
  ])('%s: %s + %s = %s', (_name, before, added, after) => {
    expect(show(unite(set(before), range(added)))).toBe(after);
  });
});

describe('subtract', () => {
  it.each([
    ['empty set', '', '5-9', ''],
    ['before', '20-30', '1-9', '20-30'],
    ['after', '20-30', '31-40', '20-30'],
    ['covered', '20-30', '20-30', ''],
    ['inside: split in two', '20-30', '24-26', '20-23 27-30'],
    ['overlapping start', '20-30', '10-25', '26-30'],
    ['overlapping end', '20-30', '25-40', '20-24'],
    ['across several', '1-5 10-15 20-25', '3-22', '1-2 23-25'],
    ['exact first port', '20-30', '20-20', '21-30'],
    ['exact last port', '20-30', '30-30', '20-29'],
  ])('%s: %s - %s = %s', (_name, before, removed, after) => {
    expect(show(subtract(set(before), range(removed)))).toBe(after);
  });
});

it('size counts ports', () => {
  expect(size(set('1-5 10-10'))).toBe(6);
  expect(size(set('0-65535'))).toBe(65536);
  expect(size([])).toBe(0);
});

it('samePorts compares values', () => {
  expect(samePorts(set('1-5 7-9'), set('1-5 7-9'))).toBe(true);
  expect(samePorts(set('1-5 7-9'), set('1-5 7-8'))).toBe(false);
  expect(samePorts(set('1-5'), set('1-5 7-9'))).toBe(false);
});

// Every set that unite/subtract can produce over a small domain, checked against a boolean array.
describe('exhaustive sweep over ports 0-11', () => {
  const N = 12;
  const toBits = (s: PortSet) => {
    const bits = new Array<boolean>(N).fill(false);
    for (const [a, b] of s) for (let p = a; p <= b; p++) bits[p] = true;
    return bits;
  };
  const fromMask = (mask: number): PortSet => {
    let s: PortSet = [];
    for (let p = 0; p < N; p++) if (mask & (1 << p)) s = unite(s, [p, p]);
    return s;
  };
  const isNormal = (s: PortSet) => s.every((r, i) => r[0] <= r[1] && r[0] >= 0 && r[1] < N && (i === 0 || s[i - 1][1] + 1 < r[0]));

  it('agrees with the boolean model for every set and every range', () => {
    let checked = 0;
    for (let mask = 0; mask < 1 << N; mask += 7) {
      const s = fromMask(mask);
      expect(isNormal(s)).toBe(true);
      for (let a = 0; a < N; a++) {
        for (let b = a; b < N; b++) {
          const has = toBits(s);
          const inRange = (p: number) => p >= a && p <= b;
          const u = unite(s, [a, b]);
          const d = subtract(s, [a, b]);
          const wrong = has.filter((h, p) => toBits(u)[p] !== (h || inRange(p)) || toBits(d)[p] !== (h && !inRange(p)));
          if (wrong.length > 0 || !isNormal(u) || !isNormal(d)) {
            expect.fail(`${show(s)} with ${a}-${b}: unite ${show(u)}, subtract ${show(d)}`);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40_000);
  });
});
