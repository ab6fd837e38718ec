/**
 * The Jool 3 syntax's marks extensions, argv -> request: --lookup (an address or a file of them)
 * and --generate (a per-customer pool). --check --marks needs no more than the file names.
 */
import { usageError } from '../errors.js';
import { parseMark, parsePortRange, parsePrefix } from '../formats/values.js';
import type { Protocol } from '../pool4/pool.js';
import { quote } from '../quote.js';
import { ephemeralFromEnvironment, parseEphemeralRange } from './common.js';
import type { Parsed } from './jool3-modes.js';
import type { Environment, OnInstance, Request } from './requests.js';

export function lookupRequest(opts: Parsed, args: readonly string[], onInstance: OnInstance, chosen: readonly Protocol[], marks: readonly string[]): Request {
  if (args.length > 0) throw usageError(`--lookup takes no arguments besides its own, but got ${quote(args[0])}.`);
  if (chosen.length > 1) throw usageError('--lookup takes one protocol flag (--tcp, --udp or --icmp), or none to look in all three.');
  if (opts.csv === true && opts.json === true) throw usageError('--csv and --json are both output formats; give one.');
  const text = opts.lookup as string;
  const format = opts.csv === true ? 'csv' : opts.json === true ? 'json' : 'text';
  const base = { operation: 'lookup' as const, ...onInstance, marks, format, ...(chosen.length === 0 ? {} : { protocols: chosen }) } as const;
  // Digits and dots (and a #port) are an address; anything else names a file.
  if (/^[0-9.]+(#.*)?$/.test(text)) {
    const [address, port] = text.split('#');
    const prefix = parsePrefix(address);
    if (port !== undefined && !/^(0|[1-9][0-9]{0,4})$/.test(port)) throw usageError(`--lookup ${quote(text)}: the port after # is a number of 0 to 65535.`);
    if (port !== undefined && Number(port) > 65535) throw usageError(`--lookup ${quote(text)}: the port after # is a number of 0 to 65535.`);
    return { ...base, query: { address: prefix.address, ...(port === undefined ? {} : { port: Number(port) }) } };
  }
  if (/^[0-9.]+\/[0-9]*$/.test(text)) throw usageError(`--lookup ${quote(text)}: give one IPv4 address (192.0.2.7#40123), not a prefix, or a file of them.`);
  if (text === '') throw usageError("--lookup '' is empty: give an IPv4 address (192.0.2.7#40123), a file name, or - for standard input.");
  if (text.startsWith('-') && text !== '-') throw usageError(`--lookup took ${quote(text)} as its argument: give an IPv4 address, a file name, or - right after --lookup.`);
  return { ...base, query: { source: text } };
}

export function generateRequest(opts: Parsed, args: readonly string[], onInstance: OnInstance, protocols: readonly Protocol[], marks: readonly string[], environment: Environment): Request {
  if (args.length > 0) throw usageError(`--generate takes no arguments besides its prefix, but got ${quote(args[0])}.`);
  const customers = opts.customers as string | undefined;
  if ((customers === undefined) === (marks.length === 0))
    throw usageError('--generate needs its customers: --customers <IPv6 prefix> [--sub-prefix-len <n>] [--mark-offset <mark>], or --marks <file> (not both).');
  for (const k of ['subPrefixLen', 'markOffset', 'rules'] as const) {
    if (opts[k] !== undefined && customers === undefined) throw usageError(`--${k === 'rules' ? 'rules' : k === 'subPrefixLen' ? 'sub-prefix-len' : 'mark-offset'} goes with --customers.`);
  }
  const outputs = (['json', 'rules'] as const).filter((k) => opts[k] === true);
  if (outputs.length > 1 || (outputs.length > 0 && opts.syntax !== undefined)) throw usageError('--generate prints one thing: a plan (--syntax jool3|jool4), --json, or --rules.');
  const syntax = (opts.syntax as string | undefined) ?? 'jool3';
  if (syntax !== 'jool3' && syntax !== 'jool4') throw usageError(`--syntax ${quote(syntax)}: give jool3 or jool4.`);
  const subText = (opts.subPrefixLen as string | undefined) ?? '64';
  if (!/^(0|[1-9][0-9]{0,2})$/.test(subText) || Number(subText) > 128) throw usageError(`--sub-prefix-len ${quote(subText)}: give a prefix length of 0 to 128.`);
  const offset = opts.markOffset === undefined ? 1 : parseMark(opts.markOffset as string);
  const range = opts.ephemeralRange as string | undefined;
  return {
    operation: 'generate',
    ...onInstance,
    prefix: parsePrefix(opts.generate as string),
    ports: parsePortRange((opts.ports as string | undefined) ?? '1024-65535'),
    protocols,
    ...(customers === undefined ? {} : { customers: { prefix: customers, subLength: Number(subText), offset } }),
    marks,
    output: outputs[0] ?? 'plan',
    syntax,
    ephemeral: range === undefined ? ephemeralFromEnvironment(environment) : parseEphemeralRange(range),
  };
}
