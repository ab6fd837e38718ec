/** What both front ends read the same way: the state file, the lock timeout, the ephemeral range, names. */
import { usageError } from '../errors.js';
import { isInstanceName } from '../pool4/instances.js';
import type { PortRange } from '../pool4/ports.js';
import { quote } from '../quote.js';
import { statePath } from '../state/path.js';
import { BadValue, parsePortRange } from '../values.js';
import type { Common, Environment } from './requests.js';

const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

export function common(stateFlag: string | undefined, environment: Environment): Common {
  if (stateFlag === '') throw usageError("--state '' is empty: give the path of the state file.");
  return {
    state: statePath(stateFlag, environment.env, environment.home),
    lockTimeoutMs: lockTimeout(environment.env.JOOL_POOL4_LOCK_TIMEOUT),
  };
}

function lockTimeout(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_LOCK_TIMEOUT_MS;
  const seconds = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds <= 86400)) {
    throw usageError(`JOOL_POOL4_LOCK_TIMEOUT=${quote(text)} is not a number of seconds from 0 to 86400.`);
  }
  return seconds * 1000;
}

/** An ephemeral port range as sysctl prints it ("32768 60999") or as a port range ("32768-60999"). */
export function parseEphemeralRange(text: string): PortRange {
  return parsePortRange(text.trim().replace(/^(\d+)\s+(\d+)$/, '$1-$2'));
}

/** JOOL_EPHEMERAL_RANGE, if set: what the Jool 4 dialect checks against instead of the host's. */
export function ephemeralFromEnvironment(environment: Environment): PortRange | undefined {
  const text = environment.env.JOOL_EPHEMERAL_RANGE;
  if (text === undefined || text === '') return undefined;
  try {
    return parseEphemeralRange(text);
  } catch (e) {
    if (e instanceof BadValue) throw usageError(`JOOL_EPHEMERAL_RANGE=${quote(text)} is not an ephemeral port range such as "32768 60999" or 32768-60999.`);
    throw e;
  }
}

export function instanceName(text: string, from: string): string {
  if (!isInstanceName(text)) {
    throw usageError(`${from} ${quote(text)} is not an instance name: Jool's are 1 to 15 printable ASCII characters.`);
  }
  return text;
}
