// The table of what changed in which Jool release (src/releases/releases.ts): asked by name.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globalNames, globalsOf } from '../../src/global/globals';
import { stats } from '../../src/global/stats';
import { CHANGES, has, RELEASES, releaseNamed } from '../../src/releases/releases';

describe('the releases table', () => {
  it('says a behaviour belongs to its first release and every later one of its syntax, and no earlier', () => {
    expect(has('4.1.14', 'ephemeral-range-refusal')).toBe(false);
    expect(has('4.1.15', 'ephemeral-range-refusal')).toBe(true);
    expect(has('4.1.8', 'bib-in-pool4-at-commit')).toBe(false);
    expect(has('4.1.9', 'bib-in-pool4-at-commit')).toBe(true);
    expect(has('4.1.10', 'bib-in-pool4-at-commit')).toBe(true); // 4.1.10 sorts after 4.1.9, not as text
    expect(has('3.5.8', 'bib-in-pool4-at-commit')).toBe(false); // another syntax's release
  });

  it('names, for every change, a release of its syntax and a commit', () => {
    for (const change of Object.values(CHANGES)) {
      expect(RELEASES[change.syntax] as readonly string[]).toContain(change.since);
      expect(change.commit).toMatch(/^[0-9a-f]{8,40}$/);
    }
  });
});

describe('every 4.1 release, against the lists read from its tag', () => {
  const FIXTURES = resolve(__dirname, '..', 'fixtures');
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
  const stats4 = read<{ lists: { releases: string[]; stats: [string, string][] }[] }>('jool-stats-by-release.json').lists;
  const globals4 = read<{ lists: { releases: string[]; globals: string[] }[] }>('jool-globals-by-release.json').lists;

  it.each(RELEASES.jool4.map((r) => [r]))('%s has its counters, explanations and globals, in order', (release) => {
    expect(stats(release).map(([n, d]) => [n, d])).toEqual(stats4.find((l) => l.releases.includes(release))!.stats);
    expect(globalNames(release)).toEqual(globals4.find((l) => l.releases.includes(release))!.globals);
    const defaults = Object.fromEntries(globalsOf(release).map((g) => [g.name, g.default]));
    expect(defaults['ss-flush-asap']).toBe(!has(release, 'ss-flush-asap-deprecated'));
    if (has(release, 'ss-max-sessions-per-packet')) expect(defaults['ss-max-sessions-per-packet']).toBe(has(release, 'sessions-per-packet-36') ? 36 : 10);
  });
});

describe('a release named', () => {
  it.each([
    ['4.1.9', '4.1.9'],
    ['4.1.9-1', '4.1.9'],
    ['4.1.7-1ubuntu2', '4.1.7'],
    ['1:4.1.11-1ubuntu0.1', '4.1.11'],
    ['v4.1.0', '4.1.0'],
    ['4.1.15.0', '4.1.15'],
    ['4.1.12-r1', '4.1.12'],
    [' 4.1.10\n', '4.1.10'],
  ])('%j is %s', (text, release) => expect(releaseNamed(text)).toBe(release));

  it.each([['4.0.9'], ['4.1.16'], ['4.2.0-rc3'], ['3.5.7'], ['4.1'], ['4.1.9x'], ['latest'], ['']])('%j is none', (text) => expect(releaseNamed(text)).toBeUndefined());
});
