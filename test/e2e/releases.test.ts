// JOOL_VERSION and --jool-version end to end: bin/jool answering as each group of Jool 4.1 releases
// that behave alike (version-facts 1.1), checked against lists read from Jool's own tags.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGES } from '../../src/releases/releases';
import { docPage, docSteps, jool, runSteps, tempDir } from '../helpers';

const FIXTURES = resolve(__dirname, '..', 'fixtures');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const STATS = fixture<{ lists: { releases: string[]; stats: [string, string][] }[] }>('jool-stats-by-release.json').lists;
const GLOBAL_ORDER = fixture<{ lists: { releases: string[]; globals: string[] }[] }>('jool-globals-by-release.json').lists;
const FRESH = readFileSync(join(FIXTURES, 'global-display-fresh.txt'), 'utf8');
const OPENWRT = join(FIXTURES, 'openwrt-sample-nat64.json');

/** One release of each group of version-facts 1.1, and what sets the group apart. */
const GROUPS = [
  { release: '4.1.0', ephemeral: false, orphans: false, framework: false, joold: true, flushAsap: true, perPacket: undefined, debug: 'trace' },
  { release: '4.1.3', ephemeral: false, orphans: false, framework: false, joold: true, flushAsap: true, perPacket: undefined, debug: 'logging-debug' },
  { release: '4.1.5', ephemeral: false, orphans: false, framework: false, joold: true, flushAsap: true, perPacket: undefined, debug: 'logging-debug' },
  { release: '4.1.7', ephemeral: false, orphans: false, framework: true, joold: true, flushAsap: true, perPacket: undefined, debug: 'logging-debug' },
  { release: '4.1.8', ephemeral: false, orphans: false, framework: true, joold: true, flushAsap: true, perPacket: undefined, debug: 'logging-debug' },
  { release: '4.1.9', ephemeral: false, orphans: true, framework: true, joold: true, flushAsap: true, perPacket: undefined, debug: 'logging-debug' },
  { release: '4.1.11', ephemeral: false, orphans: true, framework: true, joold: true, flushAsap: true, perPacket: 10, debug: 'logging-debug' },
  { release: '4.1.12', ephemeral: false, orphans: true, framework: true, joold: true, flushAsap: true, perPacket: 10, debug: 'logging-debug' },
  { release: '4.1.14', ephemeral: false, orphans: true, framework: true, joold: false, flushAsap: false, perPacket: 36, debug: 'logging-debug' },
  { release: '4.1.15', ephemeral: true, orphans: true, framework: true, joold: false, flushAsap: false, perPacket: 36, debug: 'logging-debug' },
] as const;

function setup(release: string) {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999', JOOL_VERSION: release };
  const run = (...args: string[]) => jool(args, env);
  return { dir, state, run };
}

const listOf = <T extends { releases: string[] }>(lists: T[], release: string) => lists.find((l) => l.releases.includes(release))!;

describe.each(GROUPS)('Jool $release', (g) => {
  it("displays a fresh instance's globals: the release's keys, in its order, with its defaults", () => {
    const { run } = setup(g.release);
    expect(run('instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96').status).toBe(0);
    const shown = run('global', 'display');
    expect(shown.status).toBe(0);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(':')[0].trim())).toEqual(listOf(GLOBAL_ORDER, g.release).globals);
    // Every line that the release shares with 4.1.15 reads as 4.1.15's but the changed defaults.
    const latest = new Map(
      FRESH.trimEnd()
        .split('\n')
        .map((l) => [l.split(':')[0].trim(), l]),
    );
    for (const line of lines) {
      const key = line.split(':')[0].trim();
      if (key === 'ss-flush-asap') expect(line).toBe(`  ss-flush-asap: ${g.flushAsap}`);
      else if (key === 'ss-max-sessions-per-packet') expect(line).toBe(`  ss-max-sessions-per-packet: ${g.perPacket}`);
      else if (key === 'trace') expect(line).toBe('  trace: false');
      else expect(line).toBe(latest.get(key));
    }
    expect(lines.some((l) => l.startsWith('  ss-max-sessions-per-packet:'))).toBe(g.perPacket !== undefined);
    const csv = run('global', 'display', '--csv').stdout.split('\n');
    expect(csv[0]).toBe('Field,Value');
    expect(csv).toContain(`ss-flush-asap,${g.flushAsap ? 'TRUE' : 'FALSE'}`);
    expect(csv).toContain(`${g.debug},FALSE`);
    expect(csv).toHaveLength(lines.length + 2);
  });

  it("lists the release's counters, in its order, with its explanations", () => {
    const { run } = setup(g.release);
    const expected = listOf(STATS, g.release).stats;
    const all = run('stats', 'display', '--all');
    expect(all.status).toBe(0);
    expect(all.stdout).toBe(expected.map(([name]) => `${name}: 0\n`).join(''));
    const explained = run('stats', 'display', '--all', '--explain', '--csv').stdout;
    expect(explained).toBe(`Stat,Value,Explanation\n${expected.map(([name, doc]) => `${name},0,"${doc}"\n`).join('')}`);
    expect(run('stats', 'display').stdout).toBe(''); // nothing but zeroes, as in every release
  });

  it(`${g.ephemeral ? 'refuses' : 'accepts'} a TCP range that meets the ephemeral range, on the command line and in a file`, () => {
    const { dir, run } = setup(g.release);
    const added = run('pool4', 'add', '--tcp', '192.0.2.1', '1024-65535');
    expect(added.status).toBe(g.ephemeral ? 1 : 0);
    expect(added.stderr).toEqual(g.ephemeral ? expect.stringContaining('intersects the ephemeral port range 32768-60999') : '');
    const file = join(dir, 'ephemeral.json');
    writeFileSync(
      file,
      JSON.stringify({ instance: 'default', framework: 'netfilter', global: { pool6: '64:ff9b::/96' }, pool4: [{ protocol: 'UDP', prefix: '192.0.2.1', 'port range': '1024-65535' }] }),
    );
    expect(run('file', 'check', file).status).toBe(g.ephemeral ? 1 : 0);
    expect(run('file', 'handle', file).status).toBe(g.ephemeral ? 1 : 0);
    expect(run('file', 'handle', file, '--force').status).toBe(0);
  });

  it(`${g.orphans ? 'refuses' : 'accepts'} a file whose TCP BIB entry is outside its pool4 (the OpenWrt sample), and a global update over an orphan`, () => {
    const { run } = setup(g.release);
    const checked = run('file', 'check', OPENWRT);
    expect(checked.status).toBe(g.orphans ? 1 : 0);
    if (g.orphans) expect(checked.stdout + checked.stderr).toContain('192.0.2.1#80');
    const handled = run('file', 'handle', OPENWRT);
    expect(handled.status).toBe(g.orphans ? 1 : 0);
    const bib = run('-i', 'nat64-sample', 'bib', 'display', '--numeric').stdout;
    expect(bib.includes('192.0.2.1#80')).toBe(!g.orphans);
    if (g.orphans) return;
    // The orphan now sits in the instance; a global update replaces the instance as Jool does, without checking it.
    expect(run('-i', 'nat64-sample', 'global', 'update', 'tos', '7')).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it(`${g.framework ? 'adds' : 'refuses'} an instance without a framework`, () => {
    const { run, state } = setup(g.release);
    const r = run('instance', 'add', 'x', '--pool6', '64:ff9b::/96');
    expect(r.status).toBe(g.framework ? 0 : 2);
    if (!g.framework) {
      expect(r.stderr).toContain(`Jool ${g.release} needs the instance's framework: give --netfilter or --iptables`);
      expect(() => readFileSync(state)).toThrow(); // nothing written
    }
    expect(run('instance', 'add', 'y', '--iptables', '--pool6', '64:ff9b::/96').status).toBe(0);
  });

  it('refuses a global the release does not have, on the command line and in a file, and accepts its own', () => {
    const { dir, run, state } = setup(g.release);
    run('instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96');
    const before = readFileSync(state, 'utf8');
    const lacks = g.debug === 'trace' ? 'logging-debug' : g.perPacket === undefined ? 'ss-max-sessions-per-packet' : 'trace';
    const r = run('global', 'update', lacks, lacks === 'ss-max-sessions-per-packet' ? '5' : 'true');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Jool ${g.release} has no global '${lacks}'`);
    const file = join(dir, 'lacks.json');
    writeFileSync(file, JSON.stringify({ instance: 'default', framework: 'netfilter', global: { pool6: '64:ff9b::/96', [lacks]: lacks === 'ss-max-sessions-per-packet' ? 5 : true } }));
    const handled = run('file', 'handle', file);
    expect(handled.status).toBe(1);
    expect(handled.stderr).toContain(`unknown key '${lacks}'`);
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(run('global', 'update', g.debug, 'true').status).toBe(0);
    expect(run('global', 'display').stdout).toContain(`  ${g.debug}: true\n`);
  });

  it(`${g.joold ? 'lists joold among the modes and abbreviates it' : 'hides joold'}, and gives session the release's operations`, () => {
    const { run } = setup(g.release);
    const mode = run('x');
    expect(mode.status).toBe(2);
    expect(mode.stderr.includes('joold')).toBe(g.joold);
    expect(run('j').status).toBe(g.joold ? 1 : 2); // joold, which needs a kernel; or no such mode
    expect(run('joold').status).toBe(1);
    expect(run('session', 'f').status).toBe(g.joold ? 2 : 1);
    expect(run('session', 'd').status).toBe(0); // session display, empty as ever
  });
});

describe('choosing the release', () => {
  it('reads Debian package versions, git tags and what Jool -V prints; --jool-version wins over JOOL_VERSION', () => {
    for (const [given, release] of [
      ['4.1.9-1', '4.1.9'],
      ['4.1.7-1ubuntu2', '4.1.7'],
      ['1:4.1.11-1ubuntu0.1', '4.1.11'],
      ['v4.1.12', '4.1.12'],
      ['4.1.14.0', '4.1.14'],
      ['', '4.1.15'],
    ]) {
      expect(jool(['--version'], { JOOL_VERSION: given }).stdout).toContain(`answers as Jool ${release} in the Jool 4 syntax`);
    }
    expect(jool(['--jool-version', '4.1.2', '--version'], { JOOL_VERSION: '4.1.9' }).stdout).toContain('answers as Jool 4.1.2');
    expect(jool(['--version']).stdout).toContain('answers as Jool 4.1.15');
  });

  it.each([['4.0.9'], ['4.2.0-rc1'], ['4.1.16'], ['3.4.6'], ['3.5.9'], ['latest'], ['4.1']])('refuses JOOL_VERSION=%s, naming the supported releases, and changes nothing', (version) => {
    const { state, run } = setup('4.1.15');
    expect(run('instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96').status).toBe(0);
    const before = readFileSync(state, 'utf8');
    for (const args of [
      ['pool4', 'add', '--tcp', '192.0.2.1', '61001-65535'],
      ['--pool4', '--add', '192.0.2.1'],
    ]) {
      const r = jool(args, { JOOL_POOL4_STATE: state, JOOL_VERSION: version });
      expect(r).toMatchObject({ status: 2, stdout: '' });
      expect(r.stderr).toContain(`JOOL_VERSION='${version}' is not a Jool release this program answers as: it knows 4.1.0 to 4.1.15 and 3.5.0 to 3.5.8`);
      if (version.startsWith('3.4')) expect(r.stderr).toContain("Jool 3.4 is not covered: its pool4 prints in its hash table's order");
    }
    for (const args of [
      ['--jool-version', version, 'pool4', 'flush'],
      ['--pool4', '--flush', '--jool-version', version],
    ]) {
      const flag = run(...args);
      expect(flag.status).toBe(2);
      expect(flag.stderr).toContain(`--jool-version '${version}'`);
    }
    expect(readFileSync(state, 'utf8')).toBe(before);
  });

  it('leaves the Jool 3 syntax as it was under any 4.1 release', () => {
    const { run } = setup('4.1.9');
    expect(run('--pool4', '--add', '192.0.2.1', '1024-65535').status).toBe(0);
    expect(run('--pool4', '--display', '--tcp').stdout).toBe('0\tTCP\t192.0.2.1\t1024-65535\n  (Fetched 1 entries.)\n');
  });
});

describe('the state across releases', () => {
  it("keeps every value a command set, shows the release's default for the rest, and keeps what a release lacks unshown", () => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    const as = (release: string, ...args: string[]) => jool(args, { JOOL_POOL4_STATE: state, JOOL_VERSION: release });
    expect(as('4.1.15', 'instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96').status).toBe(0);
    const line = (release: string, key: string) =>
      as(release, 'global', 'display')
        .stdout.split('\n')
        .find((l) => l.startsWith(`  ${key}:`));
    // Never set: each release's own default.
    expect(line('4.1.9', 'ss-flush-asap')).toBe('  ss-flush-asap: true');
    expect(line('4.1.15', 'ss-flush-asap')).toBe('  ss-flush-asap: false');
    expect(line('4.1.11', 'ss-max-sessions-per-packet')).toBe('  ss-max-sessions-per-packet: 10');
    // Set to 4.1.15's default, it stays set where the default differs.
    expect(as('4.1.15', 'global', 'update', 'ss-flush-asap', 'false').status).toBe(0);
    expect(as('4.1.15', 'global', 'update', 'ss-max-sessions-per-packet', '36').status).toBe(0);
    expect(line('4.1.9', 'ss-flush-asap')).toBe('  ss-flush-asap: false');
    expect(line('4.1.11', 'ss-max-sessions-per-packet')).toBe('  ss-max-sessions-per-packet: 36');
    // A key that 4.1.9 lacks: not shown there, kept in the file through 4.1.9's own updates.
    expect(line('4.1.9', 'ss-max-sessions-per-packet')).toBeUndefined();
    expect(as('4.1.9', 'global', 'update', 'tos', '3').status).toBe(0);
    expect(as('4.1.0', 'global', 'update', 'trace', 'true').status).toBe(0);
    expect(line('4.1.15', 'trace')).toBeUndefined();
    expect(line('4.1.1', 'trace')).toBe('  trace: true');
    expect(line('4.1.14', 'ss-max-sessions-per-packet')).toBe('  ss-max-sessions-per-packet: 36');
    expect(line('4.1.14', 'tos')).toBe('  tos: 3');
    expect(readFileSync(state, 'utf8')).toContain('"globals": {"tos": 3, "ss-flush-asap": false, "ss-max-sessions-per-packet": 36, "trace": true}');
    // A value that is every release's default is not kept.
    expect(as('4.1.9', 'global', 'update', 'tos', '0').status).toBe(0);
    expect(readFileSync(state, 'utf8')).not.toContain('"tos"');
  });

  it("writes --display --json --all with the release's globals, which that release's file handle takes back", () => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    const as = (release: string, ...args: string[]) => jool(args, { JOOL_POOL4_STATE: state, JOOL_VERSION: release });
    as('4.1.0', 'instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96');
    const old = as('4.1.0', '--pool4', '--display', '--json', '--all').stdout;
    expect(jool(['--pool4', '--display', '--json', '--all', '--jool-version', '4.1.0'], { JOOL_POOL4_STATE: state }).stdout).toBe(old);
    expect(old).toContain('"trace": false');
    expect(old).not.toContain('logging-debug');
    expect(old).toContain('"ss-flush-asap": true');
    const file = join(dir, 'config.json');
    writeFileSync(file, old);
    expect(as('4.1.0', 'file', 'check', file).status).toBe(0);
    expect(as('4.1.15', 'file', 'check', file).status).toBe(1); // 4.1.15 has no trace
  });

  it("plans only the release's keys, and no --force for the ephemeral range before 4.1.15", () => {
    const dir = tempDir();
    const state = join(dir, 'pool4.json');
    const as = (release: string, ...args: string[]) => jool(args, { JOOL_POOL4_STATE: state, JOOL_VERSION: release, JOOL_EPHEMERAL_RANGE: '32768 60999' });
    as('4.1.9', 'instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96');
    const target = join(dir, 'target.json');
    writeFileSync(target, JSON.stringify({ global: { 'ss-flush-asap': false }, pool4: [{ protocol: 'TCP', prefix: '192.0.2.1', 'port range': '1024-65535' }] }));
    const planned = as('4.1.9', '--pool4', '--plan', target, '--syntax', 'jool4');
    expect(planned.status).toBe(1);
    expect(planned.stdout).toContain('jool global update ss-flush-asap false');
    expect(planned.stdout).toContain('jool pool4 add --mark 0 --tcp 192.0.2.1/32 1024-65535\n');
    expect(as('4.1.15', '--pool4', '--plan', target, '--syntax', 'jool4').stdout).toContain('jool pool4 add --mark 0 --tcp 192.0.2.1/32 1024-65535 --force\n');
  });
});

describe('the releases page', () => {
  it('runs its examples as printed', () => {
    expect(runSteps(docSteps('releases.md', 'Under one release', '## Every difference'), tempDir())).toBe(4);
  });

  it('has a row for every behaviour of the table, with its first release and commit', () => {
    const page = docPage('releases.md');
    for (const [name, change] of Object.entries(CHANGES)) expect(page).toContain(`| \`${name}\` | ${change.since} | ${change.commit} |`);
  });
});

describe('help, the manual page and completion', () => {
  it('name JOOL_VERSION, --jool-version and the releases', () => {
    const help = jool(['--help']).stdout;
    expect(help).toMatch(/^ {2}JOOL_VERSION +The Jool release to answer as/m);
    expect(help).toMatch(/^ {2}--jool-version <release> +The Jool release to answer as, 4\.1\.0 to 4\.1\.15/m);
    const page = readFileSync(resolve(__dirname, '..', '..', 'dist', 'jool.1'), 'utf8');
    expect(page).toContain('.B JOOL_VERSION');
    expect(page).toContain('\\-\\-jool\\-version');
    const script = jool(['--completion', 'bash']).stdout;
    const complete = (...words: string[]) =>
      spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _jool; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        encoding: 'utf8',
      }).stdout.trim();
    expect(complete('jool', '--jool-version', '4.1.1').split('\n')).toEqual(['4.1.1', '4.1.10', '4.1.11', '4.1.12', '4.1.13', '4.1.14', '4.1.15']);
    expect(complete('jool', '--jool-version', '4.1.9', 'gl')).toBe('global');
    expect(complete('jool', '--pool4', '--jool-version', '4.1.1')).toContain('4.1.15');
  });
});
