// --help, the bash completion and the manual page cover the Jool 4 dialect, from its option tables.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS, MODES, synopsisLines } from '../../src/cli/jool4-options';
import { docPage, docSteps, jool, runSteps, tempDir } from '../helpers';

const operations = MODES.flatMap((m) => m.operations.map((op) => ({ mode: m.name, op })));

it('--help shows every Jool 4 operation and every option of each', () => {
  const help = jool(['--help']).stdout;
  for (const line of synopsisLines()) expect(help).toContain(`  ${line}\n`);
  for (const { mode, op } of operations) {
    if (op.options.length > 0) expect(help).toContain(`  ${mode} ${op.name}:\n`);
    for (const o of op.options) expect(help).toMatch(new RegExp(`^    (-${o.short === '?' ? '\\?' : o.short}, )?--${o.name}[ <]`, 'm'));
  }
  for (const o of GLOBAL_OPTIONS) expect(help).toContain(`--${o.name}`);
  expect(help).toContain('JOOL_EPHEMERAL_RANGE');
});

it('the manual page has a section per Jool 4 operation with its options', () => {
  const page = readFileSync(resolve(__dirname, '..', '..', 'dist', 'jool.1'), 'utf8');
  for (const { mode, op } of operations) {
    if (op.options.length === 0) continue;
    expect(page).toContain(`.SS ${mode} ${op.name}\n`);
    for (const o of op.options) expect(page).toContain(`\\-\\-${o.name.replace(/-/g, '\\-')}`);
  }
});

it('bash completes Jool 4 modes, operations (abbreviated words too) and their options', () => {
  const script = jool(['--completion', 'bash']).stdout;
  const complete = (...words: string[]) => {
    const r = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _jool; printf '%s\\n' "\${COMPREPLY[@]}"`], {
      encoding: 'utf8',
      cwd: resolve(__dirname),
    });
    expect(r.stderr).toBe('');
    return r.stdout.trim().split('\n');
  };
  expect(complete('jool', '')).toEqual(['instance', 'stats', 'global', 'pool4', 'bib', 'session', 'file']);
  expect(complete('jool', 'g', 'u', 'tcp-')).toEqual(['tcp-est-timeout', 'tcp-trans-timeout']);
  expect(complete('jool', 'global', 'update', 'manually', '')).toEqual(['true', 'false']);
  expect(complete('jool', 'global', 'update', 'tos', '--')).toEqual(['--force', '--help']);
  expect(complete('jool', 'file', 'c', '')).toContain('docs.test.ts');
  expect(complete('jool', '-i', 'x', 'p', '')).toEqual(['display', 'add', 'remove', 'flush']);
  expect(complete('jool', 'i', 's')).toEqual(['status']);
  expect(complete('jool', 'b', '')).toEqual(['display', 'add', 'remove']);
  expect(complete('jool', 'se', '')).toEqual(['display']);
  for (const { mode, op } of operations) {
    expect(complete('jool', mode, op.name, '--')).toEqual([...op.options.map((o) => `--${o.name}`), '--help']);
  }
  expect(complete('jool', 'po', 'a', '--ma')).toEqual(['--mark', '--max-iterations']);
  expect(complete('jool', 'file', 'handle', 'docs.te')).toEqual(['docs.test.ts']);
  expect(complete('jool', '-f', 'docs.te')).toEqual(['docs.test.ts']);
  // Jool 3 syntax is untouched.
  expect(complete('jool', '-4', '--ch')).toEqual(['--check']);
  expect(complete('jool', '--bib', '--nu')).toEqual(['--numeric']);
});

it("runs the README's tour as printed", () => {
  const steps = docSteps('README.md', '## A tour', '\nThe state lives in');
  expect(steps.length).toBe(10);
  expect(runSteps(steps, tempDir())).toBe(steps.length);
});

describe('the links of the README and docs/', () => {
  const pages = ['README.md', ...readdirSync(resolve(__dirname, '..', '..', 'docs')).filter((f) => f.endsWith('.md'))];

  /** GitHub's anchor of a heading. */
  const anchor = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\w\- ]/g, '')
      .replace(/ /g, '-');

  it('lead to pages and headings that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = docPage(page);
      for (const [, target] of text.matchAll(/\]\(([^)#:]*)(?:#[^)]*)?\)/g)) {
        if (target === '') continue;
        const path = page === 'README.md' ? resolve(__dirname, '..', '..', target) : resolve(__dirname, '..', '..', 'docs', target);
        if (!existsSync(path)) broken.push(`${page}: ${target}`);
      }
      for (const [, target, hash] of text.matchAll(/\]\(([^)#:]*)#([^)]*)\)/g)) {
        const linked = target === '' ? text : docPage(page === 'README.md' ? target.replace(/^docs\//, '') : target);
        const headings = [...linked.matchAll(/^#+ (.*)$/gm)].map((m) => anchor(m[1]));
        if (!headings.includes(hash)) broken.push(`${page}: ${target}#${hash}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('link every page of docs/ from the README', () => {
    const readme = docPage('README.md');
    expect(pages.filter((p) => p !== 'README.md' && !readme.includes(`](docs/${p})`))).toEqual([]);
  });

  it('keep the README a front door: the two commands first, and short', () => {
    const readme = docPage('README.md');
    expect(readme.split('\n').slice(2, 6)).toEqual(['```sh', expect.stringMatching(/^npm ci && bin\/jool /), 'npm test', '```']);
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  });
});

describe('docs/state.md', () => {
  it("writes its example file with the page's commands, byte for byte", () => {
    const page = docPage('state.md');
    const from = page.indexOf('One file holds every instance; these');
    const block = page.slice(from, page.indexOf('\n- `instances`:', from));
    const commands = block.split('\n').filter((l) => l.startsWith('    jool '));
    const example = /```json\n([^`]*)```/.exec(block)![1];
    expect(commands.length).toBeGreaterThan(10);
    const state = join(tempDir(), 'state.json');
    for (const line of commands) {
      const r = jool(line.trim().split(' ').slice(1), { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999' });
      expect({ line, status: r.status, stderr: r.stderr }).toEqual({ line, status: 0, stderr: '' });
    }
    expect(readFileSync(state, 'utf8')).toBe(example);
  });
});
