/** The host's ephemeral port range, for --check. */
import { readFileSync } from 'node:fs';
import type { PortRange } from '../pool4/ports.js';
import { reason } from './system.js';

export const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

/** The ephemeral range to check against could not be found out. */
export class EphemeralRangeError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

export function hostEphemeralRange(file: string): PortRange {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EphemeralRangeError(file, `cannot be read: ${reason(e)}`);
  }
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (m === null || Number(m[1]) > Number(m[2]) || Number(m[2]) > 65535) {
    throw new EphemeralRangeError(file, `does not hold two port numbers "low high" (it holds '${text.trim().slice(0, 40)}')`);
  }
  return [Number(m[1]), Number(m[2])];
}

/** Linux's default net.ipv4.ip_local_port_range. */
export const LINUX_EPHEMERAL_RANGE: PortRange = [32768, 60999];

/** What Jool 4.1.15's add checks against: the host's range, or Linux's default where it cannot be read. */
export function ephemeralRangeOrDefault(file: string): PortRange {
  try {
    return hostEphemeralRange(file);
  } catch (e) {
    if (e instanceof EphemeralRangeError) return LINUX_EPHEMERAL_RANGE;
    throw e;
  }
}
