/**
 * `jool --global` as Jool 3 prints it (usr/common/target/global.c): the seed's (f04b57f2) and 3.5's
 * plain and CSV displays, byte for byte, from the values of every key (timeouts in milliseconds).
 */
import type { GlobalValue } from '../global/globals.js';

export type Jool3GlobalsLayout = 'seed' | '3.5.0' | '3.5.5';

export interface Jool3GlobalsView {
  /** Jool's computed `Status`: enabled, with the pools it needs. */
  readonly running: boolean;
  readonly value: (key: string) => GlobalValue;
}

const onOff = (v: GlobalValue) => (v ? 'ON' : 'OFF');
const trueFalse = (v: GlobalValue) => (v ? 'TRUE' : 'FALSE');

/** print_time_friendly(). */
export function friendlyTime(ms: number): string {
  if (ms < 1000) return `${ms} milliseconds`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minutes, ${seconds % 60} seconds`;
  return `${Math.floor(minutes / 60)} hours, ${minutes % 60} minutes`;
}

/** print_time_csv(): HH:MM:SS.m, each field at least two digits, the milliseconds unpadded. */
export function csvTime(ms: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${ms % 1000}`;
}

const TIMEOUTS = ['udp-timeout', 'tcp-est-timeout', 'tcp-trans-timeout', 'icmp-timeout', 'fragment-arrival-timeout'];
const FILTERS = ['address-dependent-filtering', 'drop-icmpv6-info', 'drop-externally-initiated-tcp'];

/** The seed's `--allow-atomic-fragments` line: ON or OFF when the four switches agree with one of them. */
function atomicState(v: (key: string) => GlobalValue): string {
  const [df, fh, id, mtu] = ['setDF', 'genFH', 'genID', 'boostMTU'].map((k) => v(k) === true);
  if (!df && !fh && id && mtu) return 'OFF';
  if (df && fh && !id && !mtu) return 'ON';
  return 'Mixed';
}

export function formatJool3Globals(view: Jool3GlobalsView, layout: Jool3GlobalsLayout, csv: boolean, headers: boolean): string {
  if (csv) return layout === 'seed' ? seedCsv(view) : csv35(view, layout, headers);
  const v = view.value;
  const plateaus = v('mtu-plateaus') as number[];
  const tos = v('tos') as number;
  let text = `\n  Status: ${view.running ? 'Enabled' : 'Disabled'}\n`;
  text += layout === 'seed' ? `  Manually disabled (--enable, --disable): ${onOff(!v('manually-enabled'))}\n\n` : `  Manually enabled (--enable, --disable): ${onOff(v('manually-enabled'))}\n\n`;
  text += `  --zeroize-traffic-class: ${onOff(v('zeroize-traffic-class'))}\n  --override-tos: ${onOff(v('override-tos'))}\n`;
  text += `  --tos: ${tos} (0x${tos.toString(16)})\n`;
  text += layout === 'seed' ? `  --mtu-plateaus:\n     ${plateaus.join('\n     ')}\n` : `  --mtu-plateaus: ${plateaus.join(',')}\n`;
  text += `  --maximum-simultaneous-opens: ${v('maximum-simultaneous-opens')}\n  --source-icmpv6-errors-better: ${onOff(v('source-icmpv6-errors-better'))}\n`;
  if (layout === 'seed') {
    text += `\n  --allow-atomic-fragments: ${atomicState(v)}\n`;
    text += `    --setDF: ${onOff(v('setDF'))}\n    --genFH: ${onOff(v('genFH'))}\n    --genID: ${onOff(v('genID'))}\n    --boostMTU: ${onOff(v('boostMTU'))}\n\n`;
    text += `  Additional Logging:\n  --logging-bib: ${onOff(v('logging-bib'))}\n  --logging-session: ${onOff(v('logging-session'))}\n\n`;
  } else {
    const f = v('f-args') as number;
    const bit = (k: number) => onOff((f >> k) & 1);
    text += `  --handle-rst-during-fin-rcv: ${onOff(v('handle-rst-during-fin-rcv'))}\n  --f-args: ${f} (0b${f.toString(2).padStart(4, '0')})\n`;
    text +=
      layout === '3.5.0'
        ? `    Src addr: ${bit(3)}\n    Src port: ${bit(2)}\n    Dst addr: ${bit(1)}\n    Dst port: ${bit(0)}\n\n`
        : `    SrcAddr:${bit(3)}  SrcPort:${bit(2)}  DstAddr:${bit(1)}  DstPort:${bit(0)}\n\n`;
    text += `  Additional Logging:\n    --logging-bib: ${onOff(v('logging-bib'))}\n    --logging-session: ${onOff(v('logging-session'))}\n\n`;
  }
  text += `  Filtering:\n${FILTERS.map((k) => `    --${k}: ${onOff(v(k))}\n`).join('')}\n`;
  text += `  Timeouts:\n${TIMEOUTS.map((k) => `    --${k}: ${friendlyTime(v(k) as number)}\n`).join('')}\n`;
  if (layout !== 'seed') {
    text += '  Synchronization:\n';
    text += `    --ss-enabled: ${onOff(v('ss-enabled'))}\n    --ss-flush-asap: ${onOff(v('ss-flush-asap'))}\n`;
    text += `    --ss-flush-deadline: ${friendlyTime(v('ss-flush-deadline') as number)}\n`;
    text += `    --ss-capacity: ${v('ss-capacity')}\n    --ss-max-payload: ${v('ss-max-payload')}\n`;
  }
  return text;
}

/** The seed's CSV: one header row, one value row, booleans ON/OFF. */
function seedCsv(view: Jool3GlobalsView): string {
  const v = view.value;
  const cells: [string, string][] = [
    ['Status', view.running ? 'Enabled' : 'Disabled'],
    ['Manually disabled', onOff(!v('manually-enabled'))],
    ['zeroize-traffic-class', onOff(v('zeroize-traffic-class'))],
    ['override-tos', onOff(v('override-tos'))],
    ['tos', String(v('tos'))],
    ['mtu-plateaus', `"${(v('mtu-plateaus') as number[]).join(',')}"`],
    ['maximum-simultaneous-opens', String(v('maximum-simultaneous-opens'))],
    ['source-icmpv6-errors-better', onOff(v('source-icmpv6-errors-better'))],
    ['allow-atomic-fragments', atomicState(v)],
    ['setDF', onOff(v('setDF'))],
    ['genFH', onOff(v('genFH'))],
    ['genID', onOff(v('genID'))],
    ['boostMTU', onOff(v('boostMTU'))],
    ['logging-bib', onOff(v('logging-bib'))],
    ['logging-session', onOff(v('logging-session'))],
    ...FILTERS.map((k): [string, string] => [k, onOff(v(k))]),
    ...TIMEOUTS.map((k): [string, string] => [k, csvTime(v(k) as number)]),
  ];
  return `${cells.map((c) => c[0]).join(',')}\n${cells.map((c) => c[1]).join(',')}\n`;
}

/** 3.5's vertical CSV: `key,value` lines (3.5.5: after `Field,Value`, in another order). */
function csv35(view: Jool3GlobalsView, layout: Jool3GlobalsLayout, headers: boolean): string {
  const v = view.value;
  const line = (k: string, value: string) => `${k},${value}\n`;
  const head =
    line('Status', view.running ? 'Enabled' : 'Disabled') +
    line('Manually enabled', trueFalse(v('manually-enabled'))) +
    line('zeroize-traffic-class', trueFalse(v('zeroize-traffic-class'))) +
    line('override-tos', trueFalse(v('override-tos'))) +
    line('tos', String(v('tos'))) +
    line('mtu-plateaus', `"${(v('mtu-plateaus') as number[]).join(',')}"`);
  const maxSo = line('maximum-simultaneous-opens', String(v('maximum-simultaneous-opens')));
  const nat64 =
    line('source-icmpv6-errors-better', trueFalse(v('source-icmpv6-errors-better'))) +
    line('handle-rst-during-fin-rcv', v('handle-rst-during-fin-rcv') ? '1' : '0') +
    line('f-args', String(v('f-args'))) +
    line('logging-bib', trueFalse(v('logging-bib'))) +
    line('logging-session', trueFalse(v('logging-session')));
  const filters = FILTERS.map((k) => line(k, trueFalse(v(k)))).join('');
  const timeouts = TIMEOUTS.map((k) => line(k, csvTime(v(k) as number))).join('');
  const joold =
    line('joold Enabled', trueFalse(v('ss-enabled'))) +
    line('ss-flush-asap', trueFalse(v('ss-flush-asap'))) +
    line('ss-flush-deadline', csvTime(v('ss-flush-deadline') as number)) +
    line('ss-capacity', String(v('ss-capacity'))) +
    line('ss-max-payload', String(v('ss-max-payload')));
  if (layout === '3.5.0') return head + filters + nat64 + maxSo + joold + timeouts;
  return (headers ? 'Field,Value\n' : '') + head + maxSo + nat64 + filters + timeouts + joold;
}
