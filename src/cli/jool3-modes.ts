/** The Jool 3 dialect's requests of --pool6, --global, --bib and --session, once jool3.ts has chosen the mode and operation. */
import { usageError } from '../errors.js';
import { quote } from '../quote.js';
import { BIB_PROTOCOLS } from '../bib/bib.js';
import { GlobalProblem } from '../global/globals.js';
import { parseJool3Value } from '../global/jool3-globals.js';
import { transportArguments } from './common.js';
import type { Operation, OptionSpec } from './jool3-options.js';
import type { OnInstance, Request } from './requests.js';

export type Parsed = Record<string, string | number | boolean | undefined>;

export function pool6Request(operation: Operation, opts: Parsed, args: readonly string[], onInstance: OnInstance, headers: boolean): Request {
  if (operation === 'add' || operation === 'remove') {
    if (args.length !== 1) {
      throw usageError(
        args.length === 0
          ? `--pool6 --${operation} needs an IPv6 prefix, e.g. jool --pool6 --${operation} 64:ff9b::/96.`
          : `--pool6 --${operation} takes one IPv6 prefix, but got ${quote(args[0])} and ${quote(args[1])}.`,
      );
    }
    if (operation === 'add') return { operation: 'pool6-add', ...onInstance, prefix: args[0], force: opts.force === true };
    return { operation: 'pool6-remove', ...onInstance, prefix: args[0], quick: opts.quick === true };
  }
  if (args.length > 0) throw usageError(`--pool6 --${operation} takes no arguments, but got ${quote(args[0])}.`);
  if (operation === 'count') return { operation: 'pool6-count', ...onInstance };
  if (operation === 'flush') return { operation: 'pool6-flush', ...onInstance, quick: opts.quick === true };
  return { operation: 'pool6-display', ...onInstance, csv: opts.csv === true, headers };
}

/** `jool [--global]`: a display, or one key set ("You can only edit one global configuration value at a time."). */
export function globalRequest(operation: Operation, given: readonly OptionSpec[], opts: Parsed, args: readonly string[], onInstance: OnInstance, headers: boolean): Request {
  if (args.length > 0) throw usageError(`--global takes no arguments, but got ${quote(args[0])}: a key's value goes right after its flag, e.g. jool --tos 5.`);
  if (operation === 'display') return { operation: 'jool3-global-display', ...onInstance, csv: opts.csv === true, headers };
  const keys = given.filter((o) => o.globalKey !== undefined || o.key === 'enable' || o.key === 'disable');
  if (keys.length === 0) throw usageError('--global --update needs one key flag and its value, e.g. jool --global --tos 5, or --enable or --disable.');
  if (keys.length > 1) throw usageError(`--${keys[0].long} and --${keys[1].long} are two keys: Jool 3 sets one global value at a time.`);
  const o = keys[0];
  if (o.globalKey === undefined) return { operation: 'jool3-global-update', ...onInstance, key: 'manually-enabled', value: o.key === 'enable', shown: `--${o.long}` };
  const text = String(opts[o.key]);
  try {
    return { operation: 'jool3-global-update', ...onInstance, key: o.globalKey.key, value: parseJool3Value(o.globalKey, text), shown: `--${o.long} ${quote(text)}` };
  } catch (e) {
    if (e instanceof GlobalProblem) throw usageError(`--${o.long} ${e.shown} ${e.problem}.`);
    throw e;
  }
}

/** `jool --bib ...` and `jool --session ...` (bib-facts 1, 7): protocols add up, none means all three. */
export function bibOrSession(mode: 'bib' | 'session', operation: Operation, opts: Parsed, args: readonly string[], onInstance: OnInstance, headers: boolean): Request {
  const chosen = BIB_PROTOCOLS.filter((p) => opts[p.toLowerCase()]);
  const protocols = chosen.length > 0 ? chosen : BIB_PROTOCOLS;
  if (operation === 'add' || operation === 'remove') {
    const { taddr4, taddr6 } = transportArguments(args, (m) => usageError(`--bib --${operation} ${m}`));
    if (operation === 'add') {
      const missing = [
        taddr6 === undefined ? 'an IPv6 transport address (<bib6>, e.g. 2001:db8::1#80)' : undefined,
        taddr4 === undefined ? 'an IPv4 transport address (<bib4>, e.g. 192.0.2.1#80)' : undefined,
      ];
      const named = missing.filter((m): m is string => m !== undefined);
      if (named.length > 0) throw usageError(`--bib --add needs ${named.join(' and ')}.`);
      return { operation: 'bib-add', ...onInstance, dialect: 'jool3', protocols, taddr4: taddr4!, taddr6: taddr6! };
    }
    if (taddr4 === undefined && taddr6 === undefined) {
      throw usageError('--bib --remove needs an IPv4 transport address (<bib4>, e.g. 192.0.2.1#80), an IPv6 one (<bib6>, e.g. 2001:db8::1#80), or both.');
    }
    return { operation: 'bib-remove', ...onInstance, dialect: 'jool3', protocols, taddr4, taddr6 };
  }
  if (args.length > 0) throw usageError(`--${mode} --${operation} takes no arguments, but got ${quote(args[0])}.`);
  if (operation === 'count') return { operation: mode === 'bib' ? 'bib-count' : 'session-count', ...onInstance, protocols };
  const display = { ...onInstance, dialect: 'jool3' as const, protocols, csv: opts.csv === true, headers };
  if (mode === 'session') return { operation: 'session-display', ...display };
  return { operation: 'bib-display', ...display, numeric: opts.numeric === true };
}
