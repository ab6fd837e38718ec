// Random pool4, BIB and global commands in the Jool 3 syntax under 3.5.7 and the same commands in
// the Jool 4 syntax under 4.1.14 leave the same pool4, BIB and globals, and succeed or fail alike,
// wherever the two Jools agree: one mark (3.5's pool4 is Jool 4's db.c, rbtrees and fusion, but
// this program keeps Jool 4's mark-less tree for the Jool 4 syntax alone), no --quick (Jool 4.1.9
// on refuses a global update over orphans), addresses outside the reserved blocks this program
// refuses in the Jool 3 syntax.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJoolError } from '../../src/errors';
import { run } from '../../src/main';
import { stringSink } from '../../src/output/sink';

type Command = { jool3: string[]; jool4: string[] };

const protocol = fc.constantFrom('tcp', 'udp', 'icmp');
const address = fc.integer({ min: 0, max: 7 }).map((n) => `192.0.2.${n}`);
const prefix = fc.oneof(address, fc.constantFrom('192.0.2.0/30', '192.0.2.4/31', '192.0.2.0/29'));
const range = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 10 })).map(([a, n]) => `${a}-${a + n}`);
const port = fc.integer({ min: 1, max: 50 });

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(protocol, prefix, range).map(([p, x, r]) => ({ jool3: ['--pool4', '--add', `--${p}`, x, r], jool4: ['pool4', 'add', `--${p}`, x, r] })),
  fc.tuple(protocol, prefix, range, fc.constantFrom('auto', 'infinity', '7')).map(([p, x, r, i]) => ({
    jool3: ['--pool4', '--add', `--${p}`, x, r, '--max-iterations', i],
    jool4: ['pool4', 'add', `--${p}`, x, r, '--max-iterations', i],
  })),
  fc.tuple(protocol, prefix, range).map(([p, x, r]) => ({ jool3: ['--pool4', '--remove', `--${p}`, x, r], jool4: ['pool4', 'remove', `--${p}`, x, r] })),
  fc.tuple(protocol, address, port, fc.integer({ min: 1, max: 3 }), port).map(([p, a, p4, h, p6]) => ({
    jool3: ['--bib', '--add', `--${p}`, `${a}#${p4}`, `2001:db8::${h}#${p6}`],
    jool4: ['bib', 'add', `--${p}`, `2001:db8::${h}#${p6}`, `${a}#${p4}`],
  })),
  fc.tuple(protocol, address, port).map(([p, a, p4]) => ({ jool3: ['--bib', '--remove', `--${p}`, `${a}#${p4}`], jool4: ['bib', 'remove', `--${p}`, `${a}#${p4}`] })),
  fc.integer({ min: 0, max: 300 }).map((n) => ({ jool3: ['--tos', String(n)], jool4: ['global', 'update', 'tos', String(n)] })),
  fc.integer({ min: 0, max: 20 }).map((n) => ({ jool3: ['--f-args', String(n)], jool4: ['global', 'update', 'f-args', String(n)] })),
  fc.boolean().map((b) => ({ jool3: ['--logging-bib', String(b)], jool4: ['global', 'update', 'logging-bib', String(b)] })),
  fc.integer({ min: 60, max: 900 }).map((n) => ({ jool3: ['--udp-timeout', String(n)], jool4: ['global', 'update', 'udp-timeout', String(n)] })),
  fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 4 }).map((l) => ({ jool3: ['--mtu-plateaus', l.join(',')], jool4: ['global', 'update', 'mtu-plateaus', l.join(',')] })),
  fc.boolean().map((b) => ({ jool3: [b ? '--enable' : '--disable'], jool4: ['global', 'update', 'manually-enabled', String(b)] })),
  // A second pool6: 3.5 keeps one prefix per instance, and Jool 4 cannot change it.
  fc.integer({ min: 1, max: 9 }).map((n) => ({ jool3: ['--pool6', '--add', `2001:db8:${n}::/96`], jool4: ['global', 'update', 'pool6', `2001:db8:${n}::/96`] })),
);

function runner(release: string) {
  const state = join(mkdtempSync(join(tmpdir(), 'jool3vs4-')), 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_VERSION: release };
  return (argv: readonly string[]): { status: number; stdout: string } => {
    const out = stringSink();
    try {
      const status = run(argv, { env, home: '/nonexistent', warn: () => {} }, out);
      return { status: status as number, stdout: out.text() };
    } catch (e) {
      return { status: toJoolError(e).status, stdout: '' };
    }
  };
}

/** What both leave behind, read by one syntax and release (4.1.14's displays). */
function contents(jool: (argv: readonly string[]) => { stdout: string }): string {
  const pool4 = ['tcp', 'udp', 'icmp'].map((p) => jool(['--jool-version', '4.1.14', 'pool4', 'display', `--${p}`, '--csv']).stdout);
  const bib = ['tcp', 'udp', 'icmp'].map((p) => jool(['--jool-version', '4.1.14', 'bib', 'display', `--${p}`, '--csv', '--numeric']).stdout);
  const globals = jool(['--jool-version', '4.1.14', 'global', 'display', '--csv']).stdout;
  return [...pool4, ...bib, globals].join('');
}

describe('the Jool 3 syntax under 3.5.7 and the Jool 4 syntax under 4.1.14', () => {
  it('agree on random pool4, BIB and global commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 12 }), (commands) => {
        const jool3 = runner('3.5.7');
        const jool4 = runner('4.1.14');
        // A NAT64 instance with pool6 in both: Jool 3 adds it, Jool 4 adds the instance with it.
        expect(jool3(['--pool6', '--add', '64:ff9b::/96']).status).toBe(0);
        expect(jool4(['instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96']).status).toBe(0);
        for (const c of commands) {
          const a = jool3(c.jool3).status;
          const b = jool4(c.jool4).status;
          // Both accept or both refuse; a refusal may be a usage error in one and the kernel's in the other (tos 300).
          expect(a === 0, `${c.jool3.join(' ')} -> ${a}; ${c.jool4.join(' ')} -> ${b}`).toBe(b === 0);
        }
        expect(contents(jool3)).toBe(contents(jool4));
      }),
      { numRuns: 60 },
    );
  });
});
