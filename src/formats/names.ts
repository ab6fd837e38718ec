/**
 * Names for the IPv6 side of BIB entries, as Jool's print_addr6() gets them from getnameinfo(3)
 * with no flags: the host's name (its address where it has none) and, for TCP and UDP, the service
 * name of the port from the "tcp" services (a port without one stays a number).
 *
 * Hosts are asked of the system resolver (getnameinfo through libuv), or of a hosts(5) file when
 * JOOL_HOSTS_FILE names one; services are read from /etc/services. A resolver that fails, or does
 * not answer within the deadline, leaves the addresses numeric and says so once.
 */
import { readFileSync } from 'node:fs';
import { canonicalAddress6 } from '../bib/address6.js';
import { code, reason } from '../host/system.js';

export interface Resolver {
  /** The name of the address; undefined when it has none. Rejects when the resolver fails. */
  host(address6: string): Promise<string | undefined>;
  /** The service name of a TCP port; undefined when it has none. */
  service(port: number): string | undefined;
}

/** What display prints for an IPv6 side: names where there are, else the numbers. */
export interface Names {
  host(address6: string): string;
  service(port: number): string;
}

const RESOLVE_DEADLINE_MS = 2000;
/** Lookups in flight at once: the resolver's threads are few, and a BIB may hold 65,536 addresses. */
const IN_FLIGHT = 32;

interface Resolved {
  readonly names: Names;
  /** One line for stderr when some addresses could not be resolved. */
  readonly warning?: string;
}

export async function resolveNames(addresses: Iterable<string>, resolver: Resolver, deadlineMs = RESOLVE_DEADLINE_MS): Promise<Resolved> {
  const pending = [...new Set(addresses)];
  const hosts = new Map<string, string>();
  let failure: string | undefined;
  let timedOut = false;
  let next = 0;
  const worker = async () => {
    while (next < pending.length && failure === undefined && !timedOut) {
      const address = pending[next++];
      try {
        const name = await resolver.host(address);
        if (name !== undefined && name !== '') hosts.set(address, name);
      } catch (e) {
        // getnameinfo's code (EAI_AGAIN, ESERVFAIL) says more than Node's message around it.
        failure ??= code(e) ?? reason(e);
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((done) => {
    timer = setTimeout(() => {
      timedOut = true;
      done();
    }, deadlineMs);
  });
  await Promise.race([Promise.all(Array.from({ length: Math.min(IN_FLIGHT, pending.length) }, worker)), deadline]);
  clearTimeout(timer);
  const services = new Map<number, string>();
  const names: Names = {
    host: (address6) => hosts.get(address6) ?? address6,
    service: (port) => {
      let s = services.get(port);
      if (s === undefined) {
        s = resolver.service(port) ?? String(port);
        services.set(port, s);
      }
      return s;
    },
  };
  if (failure !== undefined) return { names, warning: `the name resolver failed (${failure}); the addresses it did not name are shown as numbers. --numeric skips names.` };
  if (timedOut) {
    return { names, warning: `the name resolver did not answer within ${deadlineMs / 1000} s; the addresses it did not name are shown as numbers. --numeric skips names.` };
  }
  return { names };
}

/** The system's resolver, or a hosts file's names alone when JOOL_HOSTS_FILE is set. */
export function systemResolver(env: Readonly<Record<string, string | undefined>>, servicesFile = '/etc/services'): Resolver {
  const hostsFile = env.JOOL_HOSTS_FILE;
  let services: Map<number, string> | undefined;
  const service = (port: number) => {
    services ??= readServices(servicesFile);
    return services.get(port);
  };
  if (hostsFile !== undefined && hostsFile !== '') {
    let names: Map<string, string> | undefined;
    return {
      host: async (address6) => {
        names ??= readHosts(hostsFile);
        return names.get(address6);
      },
      service,
    };
  }
  return {
    host: (address6) =>
      new Promise((done, fail) => {
        // Loaded here: only a display with names needs it.
        const { lookupService } = require('node:dns') as typeof import('node:dns');
        lookupService(address6, 0, (error, hostname) => {
          if (error === null) done(hostname);
          else if ((error as NodeJS.ErrnoException).code === 'ENOTFOUND')
            done(undefined); // no name: getnameinfo prints the address
          else fail(error);
        });
      }),
    service,
  };
}

/** IPv6 address -> its first name, from a hosts(5) file. */
export function readHosts(file: string): Map<string, string> {
  const names = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${reason(e)}`);
  }
  for (const line of text.split('\n')) {
    const [address, name] = line.replace(/#.*/, '').trim().split(/\s+/);
    const canonical = address === undefined || name === undefined ? undefined : canonicalAddress6(address);
    if (canonical !== undefined && !names.has(canonical)) names.set(canonical, name);
  }
  return names;
}

/** TCP port -> its first service name, from services(5); an unreadable file names nothing. */
export function readServices(file: string): Map<number, string> {
  const services = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return services;
  }
  for (const line of text.split('\n')) {
    const m = /^([^\s#]+)\s+([0-9]+)\/tcp\b/.exec(line);
    if (m !== null && !services.has(Number(m[2]))) services.set(Number(m[2]), m[1]);
  }
  return services;
}
