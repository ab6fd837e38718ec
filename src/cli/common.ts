/** What both front ends read the same way: the state file, the lock timeout, the release, the ephemeral range, names. */
import { usageError } from '../errors.js';
import { parseAddress4 } from '../pool4/addresses.js';
import { isInstanceName } from '../instance/instances.js';
import type { PortRange } from '../pool4/ports.js';
import { quote } from '../quote.js';
import { DEFAULT_JOOL4, type Jool3Answer, type Jool4Release, jool3ReleaseNamed, releaseNamed, SEED, supportedReleases } from '../releases/releases.js';
import { statePath } from '../state/path.js';
import { BadValue, parsePortRange, parseTransport4, parseTransport6, type Transport4, type Transport6 } from '../formats/values.js';
import type { Common, Environment } from './requests.js';

const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

export function common(stateFlag: string | undefined, environment: Environment, versionFlag?: string): Common {
  if (stateFlag === '') throw usageError("--state '' is empty: give the path of the state file.");
  const hostAddresses = hostAddressesFrom(environment.env.JOOL_HOST_ADDRESSES);
  return {
    state: statePath(stateFlag, environment.env, environment.home),
    lockTimeoutMs: lockTimeout(environment.env.JOOL_POOL4_LOCK_TIMEOUT),
    ...withoutSeed(releasesFrom(versionFlag, environment.env.JOOL_VERSION)),
    ...(hostAddresses === undefined ? {} : { hostAddresses }),
  };
}

/** JOOL_HOST_ADDRESSES: the translator's own IPv4 addresses, instead of this host's, for the empty-pool4 fallback. */
function hostAddressesFrom(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const addresses = text
    .split(/[\s,]+/)
    .filter((w) => w !== '')
    .map(parseAddress4);
  if (addresses.some((a) => a === undefined)) throw usageError(`JOOL_HOST_ADDRESSES=${quote(text)} is not a list of IPv4 addresses such as "192.0.2.1 198.51.100.1".`);
  return addresses as number[];
}

/**
 * The Jool releases to answer as: --jool-version, else JOOL_VERSION. A 4.1 release picks the Jool 4
 * syntax's and a 3.5 one the Jool 3 syntax's; the other syntax keeps its default (4.1.15, the seed
 * page). An empty JOOL_VERSION is unset (a CI job's `JOOL_VERSION=${VAR:-}`); an empty
 * --jool-version is a mistake.
 */
export function releasesFrom(flag: string | undefined, env: string | undefined): { release: Jool4Release; jool3: Jool3Answer } {
  const [text, from] = flag !== undefined ? [flag, '--jool-version'] : [env, 'JOOL_VERSION'];
  if (text === undefined || (text === '' && flag === undefined)) return { release: DEFAULT_JOOL4, jool3: SEED };
  const release = releaseNamed(text);
  if (release !== undefined) return { release, jool3: SEED };
  const jool3 = jool3ReleaseNamed(text);
  if (jool3 !== undefined) return { release: DEFAULT_JOOL4, jool3 };
  const shown = from === '--jool-version' ? `--jool-version ${quote(text)}` : `JOOL_VERSION=${quote(text)}`;
  const bare = text.trim().replace(/^(?:[0-9]+:)?v?/, '');
  throw usageError(
    `${shown} is not a Jool release this program answers as: it knows ${supportedReleases()} (also written as Debian packages name them, such as 4.1.9-1).` +
      (bare.startsWith('4.0.')
        ? ' Jool 4.0 is not covered.'
        : bare.startsWith('4.2')
          ? ' Jool 4.2 is not released.'
          : bare.startsWith('3.4.')
            ? " Jool 3.4 is not covered: its pool4 prints in its hash table's order, which this program does not reproduce."
            : ''),
  );
}

/** Requests leave jool3 out for the seed page (undefined is the seed). */
export function withoutSeed(r: { release: Jool4Release; jool3: Jool3Answer }): { release: Jool4Release; jool3?: Jool3Answer } {
  return r.jool3 === SEED ? { release: r.release } : r;
}

/** The Jool 4 syntax's release alone. */
export function releaseFrom(flag: string | undefined, env: string | undefined): Jool4Release {
  return releasesFrom(flag, env).release;
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

/**
 * A BIB entry's transport addresses, in any order: one with a ':' is the IPv6 side, else one with
 * a '.' the IPv4 side (Jool's set_ip_args()). Jool 4 lets a second one of a family replace the
 * first; both dialects here refuse it, as Jool 3 does.
 */
export function transportArguments(args: readonly string[], fail: (message: string) => Error): { taddr4?: Transport4; taddr6?: Transport6 } {
  let taddr4: Transport4 | undefined;
  let taddr6: Transport6 | undefined;
  for (const a of args) {
    if (a.includes(':')) {
      if (taddr6 !== undefined) throw fail(`takes one IPv6 transport address, but got two (the second is ${quote(a)}): only one BIB entry can be added or removed at a time.`);
      taddr6 = parseTransport6(a);
    } else if (a.includes('.')) {
      if (taddr4 !== undefined) throw fail(`takes one IPv4 transport address, but got two (the second is ${quote(a)}): only one BIB entry can be added or removed at a time.`);
      taddr4 = parseTransport4(a);
    } else {
      throw fail(`got ${quote(a)}, which is not a transport address: expected <IPv4 address>#<port> (192.0.2.1#80) or <IPv6 address>#<port> (2001:db8::1#80).`);
    }
  }
  return { taddr4, taddr6 };
}
