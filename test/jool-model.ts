// A model of Jool 4.1.15's pool4 for the tests: a line-by-line port of the mark-tree side of
// src/mod/common/db/pool4/db.c (pool4_add_range(), fix_collisions(), slip_in(), remove_range(),
// compute_max_iterations()), samples kept as Jool keeps them (one address, one port range, sorted),
// with its unsigned 32-bit taddr_count. Nothing here shares code with src/: it is the reference the
// runs, the counter arithmetic and both dialects' output are checked against.

export type Proto = 'TCP' | 'UDP' | 'ICMP';
export type Iter = 'auto' | 'infinity' | number;

interface Sample {
  addr: number;
  min: number;
  max: number;
}

export interface ModelTable {
  mark: number;
  proto: Proto;
  samples: Sample[];
  count: number; // taddr_count, unsigned int
  iter: Iter;
}

const size = (s: { min: number; max: number }) => s.max - s.min + 1;
const u32 = (n: number) => n >>> 0;

/** compare_range(): by address, then 0 when the port ranges overlap or touch. */
function compareRange(r1: Sample, r2: Sample): number {
  if (r1.addr !== r2.addr) return r1.addr < r2.addr ? -1 : 1;
  if (r1.max < r2.min - 1) return -1;
  if (r1.min > r2.max + 1) return 1;
  return 0;
}

function touches(r1: Sample, r2: Sample): boolean {
  return r1.addr === r2.addr && r1.max >= r2.min - 1 && r1.min <= r2.max + 1;
}

export class JoolPool {
  tables: ModelTable[] = [];

  private find(mark: number, proto: Proto): ModelTable | undefined {
    return this.tables.find((t) => t.mark === mark && t.proto === proto);
  }

  /** pool4db_add() after its checks: every address of [first, last], range already swapped and fixed. */
  add(mark: number, proto: Proto, first: number, last: number, min: number, max: number, iter?: Iter): void {
    for (let addr = first; addr <= last; addr++) {
      const added: Sample = { addr, min, max };
      let table = this.find(mark, proto);
      if (table === undefined) {
        table = { mark, proto, samples: [added], count: size(added), iter: iter ?? 'auto' };
        this.tables.push(table);
        continue;
      }
      this.addRange(table, added);
      if (iter !== undefined) table.iter = iter;
    }
  }

  private addRange(table: ModelTable, added: Sample): void {
    const s = table.samples;
    let i = 0;
    for (; i < s.length; i++) {
      const cmp = compareRange(s[i], added);
      if (cmp === 0) {
        s[i] = { addr: s[i].addr, min: Math.min(s[i].min, added.min), max: Math.max(s[i].max, added.max) };
        this.fixCollisions(table, i);
        return;
      }
      if (cmp > 0) break;
    }
    s.splice(i, 0, { ...added }); // slip_in()
    table.count = u32(table.count + size(added));
  }

  private fixCollisions(table: ModelTable, i: number): void {
    const s = table.samples;
    while (i !== s.length - 1 && touches(s[i], s[i + 1])) {
      table.count = u32(table.count - size(s[i]));
      table.count = u32(table.count - size(s[i + 1]));
      s[i] = { addr: s[i].addr, min: Math.min(s[i].min, s[i + 1].min), max: Math.max(s[i].max, s[i + 1].max) };
      table.count = u32(table.count + size(s[i]));
      s.splice(i + 1, 1);
    }
  }

  /** pool4db_rm(): the table of (mark, proto), every sample whose address is in [first, last]. */
  remove(mark: number, proto: Proto, first: number, last: number, min: number, max: number): void {
    const table = this.find(mark, proto);
    if (table === undefined) return;
    const s = table.samples;
    for (let i = 0; i < s.length; i++) {
      const e = s[i];
      if (e.addr < first || e.addr > last) continue;
      if (min <= e.min && e.max <= max) {
        table.count = u32(table.count - size(e));
        s.splice(i, 1);
        i--;
        continue;
      }
      if (e.min < min && max < e.max) {
        table.count = u32(table.count - (max - min + 1));
        const right = { addr: e.addr, min: max + 1, max: e.max };
        e.max = min - 1;
        s.splice(i + 1, 0, right); // slip_in() counts the right-hand piece again
        table.count = u32(table.count + size(right));
        continue;
      }
      if (max < e.min || min > e.max) continue;
      if (e.min < min) {
        table.count = u32(table.count - (e.max - min + 1));
        e.max = min - 1;
        continue;
      }
      if (max < e.max) {
        table.count = u32(table.count - (max - e.min + 1));
        e.min = max + 1;
      }
    }
    if (s.length === 0) this.tables = this.tables.filter((t) => t !== table);
  }

  flush(): void {
    this.tables = [];
  }

  /** The tables of one protocol in display order (marks descending, all within a half-circle here). */
  ofProtocol(proto: Proto): ModelTable[] {
    return this.tables.filter((t) => t.proto === proto).sort((a, b) => b.mark - a.mark);
  }
}

/** compute_max_iterations() and the Iterations columns. */
export function shownIterations(t: ModelTable): { value: string; fixed: boolean } {
  if (t.iter === 'infinity') return { value: 'Infinite', fixed: true };
  if (t.iter !== 'auto') return { value: String(t.iter), fixed: true };
  const result = t.count >>> 7;
  return { value: String(Math.min(Math.max(result, 1024), 8192)), fixed: false };
}

const ntoa = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
const r = (v: string | number, w: number) => String(v).padStart(w);

/** handle_pool4_display(), printf by printf. */
export function jool4Display(pool: JoolPool, proto: Proto, headers = true): string {
  const sep = `+${[10, 5, 18, 15, 11].map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  let out = headers ? `${sep}| ${r('Mark', 10)} | ${r('Proto', 5)} | ${r('Max iterations', 18)} | ${r('Address', 15)} | ${r('Ports', 11)} |\n` : '';
  let count = 0;
  for (const t of pool.ofProtocol(proto)) {
    t.samples.forEach((s, i) => {
      if (i === 0) {
        const it = shownIterations(t);
        out += `${sep}| ${r(t.mark, 10)} | ${r(t.proto, 5)} | ${r(it.value, 10)} (${r(it.fixed ? 'fixed' : 'auto', 5)})`;
      } else {
        out += `| ${r('', 10)} | ${r('', 5)} | ${r('', 10)}  ${r('', 5)} `;
      }
      out += ` | ${r(ntoa(s.addr), 15)} | ${r(s.min, 5)}-${r(s.max, 5)} |\n`;
      count++;
    });
  }
  if (count === 0) out += sep;
  return out + sep;
}

/** What the Jool 3 dialect's --display prints for the same pool (samples per address merged as Jool 3 shows them). */
export function jool3Display(pool: JoolPool): string {
  const order: Proto[] = ['ICMP', 'UDP', 'TCP'];
  const tables = [...pool.tables].sort((a, b) => a.mark - b.mark || order.indexOf(a.proto) - order.indexOf(b.proto));
  const rows = tables.flatMap((t) => t.samples.map((s) => `${t.mark}\t${t.proto}\t${ntoa(s.addr)}\t${s.min}-${s.max}\n`));
  return rows.length === 0 ? '  (empty)\n' : `${rows.join('')}  (Fetched ${rows.length} entries.)\n`;
}
