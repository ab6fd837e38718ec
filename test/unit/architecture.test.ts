// The shape of src/ (docs/development.md): imports flow one way, down the layers, and no file imports
// one that imports it back, directly or through others.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '..', '..', 'src');

/**
 * Top to bottom: a file may import from its own folder and from the layers below its own. The
 * same table is in docs/development.md.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['main.ts'],
  ['modes/'],
  ['docs/'],
  ['cli/'],
  ['errors.ts'],
  ['output/'],
  ['state/'],
  ['formats/'],
  ['host/'],
  ['instance/'],
  ['global/'],
  ['marks/'],
  ['bib/'],
  ['pool4/'],
  ['releases/', 'quote.ts'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports (type-only ones too: a cycle of types is still a knot for a reader), as paths under src/. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:\bfrom\s+|\brequire\()'(\.{1,2}\/[^']+)'/g)].map((m) => relative(SRC, resolve(dirname(file), m[1].replace(/\.js$/, '.ts'))));
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

/** The strongly connected components of more than one file, or of one that imports itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function layerOf(file: string): number {
  const place = file.includes('/') ? `${file.split('/')[0]}/` : file;
  return LAYERS.findIndex((layer) => layer.includes(place));
}

const files = sources(SRC);
const graph = importGraph(files);

describe('the shape of src/', () => {
  it('finds the cycles it is meant to find', () => {
    const knot = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
      ['e.ts', ['e.ts']],
    ]);
    expect(cycles(knot)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    expect(
      cycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no file that imports one that imports it back', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('places every file in a layer', () => {
    expect(files.map((f) => relative(SRC, f)).filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('imports only from its own folder or the layers below it', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const sameFolder = file.includes('/') && dirname(file) === dirname(target);
        if (!sameFolder && layerOf(target) <= layerOf(file)) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps a handful of files at the root: the entry point and the error model', () => {
    expect(
      files
        .filter((f) => dirname(f) === SRC)
        .map((f) => relative(SRC, f))
        .sort(),
    ).toEqual(['errors.ts', 'main.ts', 'quote.ts']);
  });

  it('says why in any source file over 300 lines', () => {
    const long = files.filter((f) => readFileSync(f, 'utf8').split('\n').length > 300);
    for (const f of long) expect({ file: relative(SRC, f), says: /over 300 lines, because/.test(readFileSync(f, 'utf8')) }).toEqual({ file: relative(SRC, f), says: true });
  });
});
