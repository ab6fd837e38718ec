// The table of what changed in which Jool release (src/releases/releases.ts): asked by name.
import { describe, expect, it } from 'vitest';
import { CHANGES, has, RELEASES } from '../../src/releases/releases';

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
