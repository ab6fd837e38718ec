/** A file of marks, whichever kind it is: ip6tables-save, nft list ruleset (text or -j JSON), or a list. */
import type { Rule } from '../marks/rules.js';
import { readIp6tablesSave } from './ip6tables-save.js';
import { readMarksCsv } from './marks-csv.js';
import { readNftJson } from './nft-json.js';
import { readNftRuleset } from './nft-ruleset.js';

export type MarksKind = 'ip6tables-save' | 'nft' | 'nft-json' | 'list';

export function kindOf(text: string): MarksKind {
  if (/^\s*\{\s*"nftables"/.test(text)) return 'nft-json';
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.some((l) => /^\*[a-z]+$/.test(l) || l.startsWith('-A ') || /^ip6tables(-legacy|-nft)? /.test(l))) return 'ip6tables-save';
  if (lines.some((l) => /^table\s+\S+\s+\S+\s*\{$/.test(l))) return 'nft';
  return 'list';
}

/** The rules in the order packets meet them; instance names the iptables instance (-j JOOL) to stop at. */
export function readMarks(file: string, text: string, instance?: string): Rule[] {
  switch (kindOf(text)) {
    case 'ip6tables-save':
      return readIp6tablesSave(file, text, instance);
    case 'nft':
      return readNftRuleset(file, text);
    case 'nft-json':
      return readNftJson(file, text);
    case 'list':
      return readMarksCsv(file, text);
  }
}
