// Names for the IPv6 side of BIB entries (src/names.ts), with resolvers made here: no test asks a
// network resolver. Jool's print_addr6(): the host's name or its address, the TCP service name of
// the port or its number, ICMP ids as numbers; a failing or silent resolver leaves numbers and
// one warning.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/main';
import { readHosts, readServices, resolveNames, systemResolver, type Resolver } from '../../src/formats/names';
import { stringSink } from '../../src/output/sink';
import { tempDir } from '../helpers';

const SERVICES = new Map([
  [80, 'http'],
  [22, 'ssh'],
]);

function resolver(hosts: Record<string, string | Error | 'never'>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    host: (address) => {
      asked.push(address);
      const answer = hosts[address];
      if (answer === 'never') return new Promise(() => {});
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(answer);
    },
    service: (port) => SERVICES.get(port),
  };
}

describe('resolveNames', () => {
  it('names hosts and services, asks once per address, and leaves what has no name as it is', async () => {
    const r = resolver({ '2001:db8::6': 'potato.mx' });
    const { names, warning } = await resolveNames(['2001:db8::6', '2001:db8::7', '2001:db8::6'], r);
    expect(warning).toBeUndefined();
    expect(r.asked).toEqual(['2001:db8::6', '2001:db8::7']);
    expect([names.host('2001:db8::6'), names.host('2001:db8::7'), names.service(80), names.service(81)]).toEqual(['potato.mx', '2001:db8::7', 'http', '81']);
  });

  it('stops at a failing resolver, with one warning', async () => {
    const failure = Object.assign(new Error('getnameinfo EAI_AGAIN ::1'), { code: 'EAI_AGAIN' });
    const { names, warning } = await resolveNames(['::1', '::2'], resolver({ '::1': failure, '::2': 'two' }));
    expect(names.host('::1')).toBe('::1');
    expect(warning).toMatch(/^the name resolver failed \(EAI_AGAIN\); the addresses it did not name are shown as numbers\. --numeric skips names\.$/);
  });

  it('gives up on a resolver that does not answer by the deadline', async () => {
    const { names, warning } = await resolveNames(['::1', '::2'], resolver({ '::1': 'one', '::2': 'never' }), 50);
    expect([names.host('::1'), names.host('::2')]).toEqual(['one', '::2']);
    expect(warning).toMatch(/did not answer within 0\.05 s/);
  });
});

describe('hosts and services files', () => {
  it('reads hosts(5) and services(5) as getnameinfo would find them', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts'), '# comment\n127.0.0.1 localhost\n2001:DB8::6\tpotato.mx potato # alias\n2001:db8::6 second\nbad line\n');
    writeFileSync(join(dir, 'services'), 'tcpmux 1/tcp\nhttp 80/tcp www # WorldWideWeb\nhttp 80/udp\ndomain 53/udp\n');
    expect([...readHosts(join(dir, 'hosts'))]).toEqual([['2001:db8::6', 'potato.mx']]);
    expect([...readServices(join(dir, 'services'))]).toEqual([
      [1, 'tcpmux'],
      [80, 'http'],
    ]);
    expect(readServices(join(dir, 'missing')).size).toBe(0);
  });

  it('JOOL_HOSTS_FILE replaces the system resolver; a missing one is a resolver failure', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hosts'), '6::6 potato.mx\n');
    const files = systemResolver({ JOOL_HOSTS_FILE: join(dir, 'hosts') }, join(dir, 'no-services'));
    expect([await files.host('6::6'), await files.host('6::7'), files.service(80)]).toEqual(['potato.mx', undefined, undefined]);
    await expect(systemResolver({ JOOL_HOSTS_FILE: join(dir, 'none') }).host('6::6')).rejects.toThrow(/cannot read/);
  });
});

describe('display with names, in process', () => {
  function setup(r: Resolver) {
    const state = join(tempDir(), 'pool4.json');
    const warnings: string[] = [];
    const environment = { env: { JOOL_POOL4_STATE: state }, home: '/', resolver: () => r, warn: (line: string) => void warnings.push(line) };
    const jool = async (...args: string[]) => {
      const out = stringSink();
      const status = await run(args, environment, out);
      return { status, stdout: out.text() };
    };
    return { jool, warnings };
  }

  it("prints the page's potato.mx, services for TCP and UDP, ids for ICMP, in both dialects and CSV", async () => {
    const { jool, warnings } = setup(resolver({ '6::6': 'potato.mx' }));
    await jool('--pool4', '--add', '4.4.4.4', '1-100');
    await jool('--bib', '--add', '--tcp', '6::6#80', '4.4.4.4#4');
    await jool('--bib', '--add', '--udp', '6::7#22', '4.4.4.4#5');
    await jool('--bib', '--add', '--icmp', '6::6#80', '4.4.4.4#6');
    expect(await jool('--bib')).toEqual({
      status: 0,
      stdout:
        'TCP:\n[Static] 4.4.4.4#4 - potato.mx#http\n  (Fetched 1 entries.)\nUDP:\n[Static] 4.4.4.4#5 - 6::7#ssh\n  (Fetched 1 entries.)\nICMP:\n[Static] 4.4.4.4#6 - potato.mx#80\n  (Fetched 1 entries.)\n',
    });
    expect((await jool('--bib', '--csv', '--tcp')).stdout).toBe('Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?\nTCP,potato.mx,http,4.4.4.4,4,1\n');
    expect((await jool('bib', 'display')).stdout).toBe('[Static TCP] 4.4.4.4#4 - potato.mx#http\n');
    expect((await jool('bib', 'display', '--numeric')).stdout).toBe('[Static TCP] 4.4.4.4#4 - 6::6#80\n');
    expect(warnings).toEqual([]);
  });

  it('a failing resolver: numbers and one warning, still exit 0', async () => {
    const { jool, warnings } = setup(resolver({ '6::6': new Error('ESERVFAIL: server failure') }));
    await jool('--pool4', '--add', '4.4.4.4', '1-100');
    await jool('--bib', '--add', '--tcp', '6::6#80', '4.4.4.4#4');
    expect(await jool('bib', 'display')).toEqual({ status: 0, stdout: '[Static TCP] 4.4.4.4#4 - 6::6#http\n' });
    expect(warnings).toEqual(['the name resolver failed (server failure); the addresses it did not name are shown as numbers. --numeric skips names.']);
  });
});
