/**
 * Aho–Corasick automaton over UTF-16 code units (Aho & Corasick 1975, "Efficient string matching").
 * One pass over a string reports every occurrence of every pattern, whatever the number of patterns, which is
 * what lets thousands of watches share the cost of scanning a post.
 */
export interface AcHit<T> {
  /** Index of the first code unit of the occurrence. */
  readonly start: number;
  /** Index one past the last code unit. */
  readonly end: number;
  readonly value: T;
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Patterns ending here: [pattern length, value]. Includes those reachable by dictionary (output) links. */
  out: Array<[number, unknown]>;
}

export class AhoCorasick<T> {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private built = false;

  /** Adds a pattern; several values may share one pattern. Must be called before the first `search`. */
  add(pattern: string, value: T): void {
    if (this.built) throw new Error('AhoCorasick: add() after search()');
    if (pattern.length === 0) return;
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let n = this.nodes[s]!.next.get(c);
      if (n === undefined) {
        n = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        this.nodes[s]!.next.set(c, n);
      }
      s = n;
    }
    this.nodes[s]!.out.push([pattern.length, value]);
  }

  get size(): number {
    return this.nodes.length;
  }

  private build(): void {
    // Breadth-first so that a node's failure target is finished before the node itself.
    const queue: number[] = [];
    for (const n of this.nodes[0]!.next.values()) queue.push(n);
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const node = this.nodes[s]!;
      for (const [c, n] of node.next) {
        let f = node.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(c)) f = this.nodes[f]!.fail;
        const target = this.nodes[f]!.next.get(c);
        const child = this.nodes[n]!;
        child.fail = target !== undefined && target !== n ? target : 0;
        child.out.push(...this.nodes[child.fail]!.out);
        queue.push(n);
      }
    }
    this.built = true;
  }

  /** Every occurrence of every pattern in `text`, in order of end position. */
  search(text: string): AcHit<T>[] {
    if (!this.built) this.build();
    const hits: AcHit<T>[] = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const n = this.nodes[s]!.next.get(c);
        if (n !== undefined) {
          s = n;
          break;
        }
        if (s === 0) break;
        s = this.nodes[s]!.fail;
      }
      for (const [len, value] of this.nodes[s]!.out) hits.push({ start: i + 1 - len, end: i + 1, value: value as T });
    }
    return hits;
  }
}
