// Both dialects' commands, mixed at random on one state file, against one model of Jool 4.1.15's
// pool4 (test/jool-model.ts): after every command, Jool 4's display of each protocol and Jool 3's
// display print what the model prints, and refusals are the model's.
import fc from 'fast-check';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { toJoolError } from '../../src/errors';
import { run } from '../../src/main';
import { stringSink } from '../../src/output/sink';
import { tempDir } from '../helpers';
import { jool3Display, jool4Display, JoolPool, type Iter, type Proto } from '../jool-model';

const BASE = 0xc0000200; // 192.0.2.0/28, marks 0-2
// Ports near multiples of 4096: ranges overlap, touch and nest, and tables grow past the 131,072
// transport addresses where auto iterations leave 1024, so the counter shows.
const portArb = fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: -1, max: 1 })).map(([k, d]) => Math.min(Math.max(k * 4096 + d, 0), 65535));
const EPHEMERAL = [30000, 40000] as const;
const PROTOS: Proto[] = ['TCP', 'UDP', 'ICMP'];

interface Command {
  dialect: 3 | 4;
  op: 'add' | 'remove' | 'flush';
  mark: number;
  protos: Proto[];
  first: number;
  length: number;
  a: number;
  b: number;
  force: boolean;
  iter?: Iter;
  /** Jool 4's remove without a range: every port. */
  allPorts: boolean;
}

const commandArb: fc.Arbitrary<Command> = fc
  .record({
    dialect: fc.constantFrom(3 as const, 4 as const),
    op: fc.constantFrom('add' as const, 'add' as const, 'remove' as const, 'flush' as const),
    mark: fc.integer({ min: 0, max: 2 }),
    protos3: fc.subarray(PROTOS),
    proto4: fc.constantFrom(...PROTOS),
    address: fc.integer({ min: 0, max: 15 }),
    length: fc.integer({ min: 28, max: 32 }),
    a: portArb,
    b: portArb,
    force: fc.boolean(),
    iter: fc.option(fc.constantFrom<Iter>('auto', 'infinity', 1, 5000), { nil: undefined }),
    allPorts: fc.boolean(),
  })
  .map((r) => ({
    dialect: r.dialect,
    op: r.op,
    mark: r.mark,
    protos: r.dialect === 3 ? r.protos3 : [r.proto4],
    first: BASE + r.address - (r.address % 2 ** (32 - r.length)),
    length: r.length,
    a: r.a,
    b: r.b,
    force: r.force,
    iter: r.dialect === 4 && r.op === 'add' ? r.iter : undefined,
    allPorts: r.dialect === 4 && r.op === 'remove' && r.allPorts,
  }));

function argv(c: Command): string[] {
  const address = `${c.first >>> 24}.${(c.first >>> 16) & 255}.${(c.first >>> 8) & 255}.${c.first & 255}/${c.length}`;
  const range = `${c.a}-${c.b}`;
  if (c.dialect === 3) {
    if (c.op === 'flush') return ['--pool4', '--flush'];
    const flags = [`--${c.op}`, '--mark', String(c.mark), ...c.protos.map((p) => `--${p.toLowerCase()}`)];
    return ['--pool4', ...flags, address, range, ...(c.force && c.op === 'add' ? ['--force'] : [])];
  }
  if (c.op === 'flush') return ['pool4', 'flush'];
  const proto = `--${c.protos[0].toLowerCase()}`;
  if (c.op === 'remove') return ['pool4', 'remove', proto, address, ...(c.allPorts ? [] : [range]), '--mark', String(c.mark)];
  const iter = c.iter === undefined ? [] : ['--max-iterations', String(c.iter)];
  return ['pool4', 'add', proto, address, range, '--mark', String(c.mark), ...iter, ...(c.force ? ['--force'] : [])];
}

/** What the model does with the command: false if the rules refuse it (then nothing changes). */
function apply(model: JoolPool, c: Command): boolean {
  if (c.op === 'flush') {
    model.flush();
    return true;
  }
  const [min, max] = c.allPorts ? [0, 65535] : [Math.min(c.a, c.b), Math.max(c.a, c.b)];
  const protos = c.protos.length === 0 ? PROTOS : c.protos;
  const last = c.first + 2 ** (32 - c.length) - 1;
  if (c.op === 'remove') {
    for (const p of protos) model.remove(c.mark, p, c.first, last, min, max);
    return true;
  }
  const binding = protos.filter((p) => p !== 'ICMP');
  if (binding.length > 0 && max === 0) return false; // port 0 alone (both dialects)
  const low = (p: Proto) => (p === 'ICMP' || min > 0 ? min : 1);
  if (c.dialect === 4 && !c.force && binding.length > 0 && max >= EPHEMERAL[0] && EPHEMERAL[1] >= low(binding[0])) return false;
  for (const p of protos) model.add(c.mark, p, c.first, last, low(p), max, c.iter);
  return true;
}

it('Jool 3 and Jool 4 commands on one state agree with one model of Jool', () => {
  const state = join(tempDir(), 'pool4.json');
  const environment = { env: { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: `${EPHEMERAL[0]}-${EPHEMERAL[1]}` }, home: '/' };
  const jool = (...args: string[]) => {
    const out = stringSink();
    try {
      return { status: run(args, environment, out), stdout: out.text() };
    } catch (e) {
      return { status: toJoolError(e).status, stdout: out.text() };
    }
  };
  fc.assert(
    fc.property(fc.array(commandArb, { maxLength: 20 }), (commands) => {
      jool('--pool4', '--flush');
      const model = new JoolPool();
      for (const c of commands) {
        const accepted = apply(model, c);
        expect({ argv: argv(c), status: jool(...argv(c)).status }).toEqual({ argv: argv(c), status: accepted ? 0 : 1 });
        for (const p of PROTOS) expect(jool('pool4', 'display', `--${p.toLowerCase()}`).stdout).toBe(jool4Display(model, p));
        expect(jool('--pool4', '--display').stdout).toBe(jool3Display(model));
      }
    }),
    { numRuns: 150 },
  );
});
