/**
 * Disjoint-set forest over dense integer nodes, with union by size and path halving, so any sequence of
 * unions and finds is effectively linear. The partition it ends with depends only on the set of unions,
 * never on their order — which is what makes threading independent of input order.
 */
export interface UnionFind {
  /** Adds a singleton node and returns its index. */
  add(): number;
  find(node: number): number;
  union(a: number, b: number): void;
  /** How many nodes exist: every node is below this. */
  size(): number;
}

export function createUnionFind(): UnionFind {
  const parent: number[] = [];
  const size: number[] = [];

  const find = (node: number): number => {
    let current = node;
    for (;;) {
      const up = parent[current] ?? current;
      if (up === current) return current;
      const grand = parent[up] ?? up;
      parent[current] = grand; // path halving: point at the grandparent as we climb
      current = grand;
    }
  };

  return {
    add(): number {
      const node = parent.length;
      parent.push(node);
      size.push(1);
      return node;
    },
    find,
    size: () => parent.length,
    union(a: number, b: number): void {
      const rootA = find(a);
      const rootB = find(b);
      if (rootA === rootB) return;
      const sizeA = size[rootA] ?? 1;
      const sizeB = size[rootB] ?? 1;
      // Hang the smaller tree under the larger one so trees stay shallow.
      const [big, small] = sizeA >= sizeB ? [rootA, rootB] : [rootB, rootA];
      parent[small] = big;
      size[big] = sizeA + sizeB;
    },
  };
}
