/**
 * Jool 3's `--pool6` (SPEC 12): the instance's one IPv6 prefix, the same one `instance add --pool6`
 * gives and `global display` shows. The seed allowed several prefixes in a NAT64; Jool 3.5 and 4
 * allow one, and so does this program (docs/differences.md).
 */
import type { Pool6AddRequest, Pool6CountRequest, Pool6DisplayRequest, Pool6FlushRequest, Pool6RemoveRequest } from '../cli/requests.js';
import * as bib from '../bib/bib.js';
import { checkPool6, displayPrefix6, GlobalProblem, globalNamed, parseGlobalText, samePrefix6 } from '../global/globals.js';
import * as instances from '../instance/instances.js';
import { formatPool6 } from '../output/pool6.js';
import type { Sink } from '../output/sink.js';
import { has } from '../releases/releases.js';
import { read, update } from '../state/store.js';
import { BadValue } from '../formats/values.js';

const OK = 0;

export function pool6Display(r: Pool6DisplayRequest, out: Sink): number {
  const prefix = instances.instanceOf(read(r.state), r.instance)?.pool6;
  out.write(formatPool6(prefix === undefined ? [] : [displayPrefix6(prefix)], r.csv, r.headers, has(r.jool3, 'pool4-table')));
  return OK;
}

export function pool6Count(r: Pool6CountRequest, out: Sink): number {
  out.write(`${instances.instanceOf(read(r.state), r.instance)?.pool6 === undefined ? 0 : 1}\n`);
  return OK;
}

/** The kernel's rules (a length RFC 6052 allows, no suffix; from 3.4 a zero u-bit unless --force), then one prefix per instance. */
export function pool6Add(r: Pool6AddRequest): number {
  const prefix = readPrefix(r.prefix);
  // The seed checked no u-bit (version-facts G6): as if forced.
  const checked = checkPool6(prefix, r.force || !has(r.jool3, 'globals-35'), `'${r.prefix}'`);
  update(
    r.state,
    (state) => {
      const current = instances.instanceOf(state, r.instance)?.pool6;
      if (current !== undefined) {
        const same = samePrefix6(current, checked) ? ', this one' : `, ${displayPrefix6(current)}`;
        throw new GlobalProblem(
          '--pool6 --add',
          `'${r.prefix}'`,
          `is refused: only one pool6 prefix can exist per Jool instance, and the instance has one${same}`,
          'Remove it first (jool --pool6 --remove <prefix>).',
        );
      }
      return instances.withPool6(state, r.instance, checked);
    },
    r.lockTimeoutMs,
  );
  return OK;
}

export function pool6Remove(r: Pool6RemoveRequest): number {
  const prefix = readPrefix(r.prefix);
  update(
    r.state,
    (state) => {
      const current = instances.instanceOf(state, r.instance)?.pool6;
      if (current === undefined || !samePrefix6(current, prefix)) {
        throw new GlobalProblem('--pool6 --remove', `'${r.prefix}'`, `is not in pool6 (${current === undefined ? 'it is empty' : `it holds ${displayPrefix6(current)}`})`);
      }
      return forget(r, instances.withPool6(state, r.instance, undefined), r.quick);
    },
    r.lockTimeoutMs,
  );
  return OK;
}

export function pool6Flush(r: Pool6FlushRequest): number {
  update(r.state, (state) => forget(r, instances.withPool6(state, r.instance, undefined), r.quick), r.lockTimeoutMs);
  return OK;
}

/** 3.5 flushes the whole BIB with pool6 (G7); the seed deletes the prefix's sessions, and there are none here. */
function forget(r: Pool6RemoveRequest | Pool6FlushRequest, state: instances.State, quick: boolean): instances.State {
  if (quick || !has(r.jool3, 'pool6-bib-flush')) return state;
  return instances.withContent(state, r.instance, instances.poolOf(state, r.instance), bib.EMPTY_BIB);
}

function readPrefix(text: string): string {
  try {
    return parseGlobalText(globalNamed('pool6')!, text) as string;
  } catch (e) {
    if (e instanceof GlobalProblem) throw new BadValue(`--pool6 ${e.shown} ${e.problem}.`);
    throw e;
  }
}
