import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../src/index.js';
import { printGraph } from '../../src/check/print.js';
import { replaceNode, insertOp } from '../../src/graph/edit.js';
import { dedupe, hashNode } from '../../src/graph/hash.js';
import { constNode, outputNode, walkNodes, type Node } from '../../src/graph/node.js';
import { fromWire, toWire, WireFormatError } from '../../src/graph/serialize.js';
import { standardRegistry } from '../../src/ops/index.js';

const registry = standardRegistry();
const graphOf = (text: string): Node => {
  const c = compile(text);
  expect(c.diagnostics).toEqual([]);
  return c.node!;
};
const countNodes = (roots: Node[]): number => {
  let n = 0;
  walkNodes(roots, () => n++);
  return n;
};

describe('structural hashing and dedupe', () => {
  it('gives equal graphs equal hashes and different graphs different hashes', () => {
    expect(hashNode(graphOf('[1, 2].count + 1'))).toBe(hashNode(graphOf('[1,2].count+1')));
    expect(hashNode(graphOf('[1, 2].count + 1'))).not.toBe(hashNode(graphOf('[1, 2].count + 2')));
    expect(hashNode(constNode('number', 0))).not.toBe(hashNode(constNode('number', -0)));
    expect(hashNode(constNode('number', NaN))).not.toBe(hashNode(constNode('none', null)));
  });

  it('shares equal subgraphs, inside lambdas too', () => {
    const g = graphOf('[1, 2, 3].map((row) => row + 1).count + [1, 2, 3].map((row) => row + 1).sum');
    const before = countNodes([g]);
    const [d] = dedupe([g]);
    expect(countNodes([d])).toBeLessThan(before);
    expect(printGraph(d, registry)).toBe(printGraph(g, registry));
  });
});

describe('edits', () => {
  it('replaces a node and shares everything else', () => {
    const g = graphOf('[1, 2].count + 1') as Extract<Node, { nodeType: 'output' }>;
    const rhs = g.fromOp.inputs.rhs;
    const edited = replaceNode(g, rhs, constNode('number', 5));
    expect(printGraph(edited, registry)).toBe('[1, 2].count + 5');
    expect((edited as typeof g).fromOp.inputs.lhs).toBe(g.fromOp.inputs.lhs);
    expect(printGraph(g, registry)).toBe('[1, 2].count + 1');
  });

  it('inserts an op after a node', () => {
    const g = graphOf('[1, 2].count') as Extract<Node, { nodeType: 'output' }>;
    const edited = insertOp(g, g, 'number-toString', 'in');
    expect((edited as typeof g).fromOp.name).toBe('number-toString');
    expect((edited as typeof g).fromOp.inputs.in).toBe(g);
  });
});

describe('the wire format', () => {
  const texts = [
    '1 + 2',
    '[1, null, 3].map((row, index) => row + index)',
    '[{a: 1, "b c": "x"}].filter((row) => row["a"] > 0)["b c"]',
    '["a", "b"].groupby((row) => row).map((row) => row.groupkey)',
    'Date("2023-01-01T00:00:00Z").toNumber',
  ];

  it.each(texts)('round-trips %s', (text) => {
    const g = graphOf(text);
    const wire = toWire([g]);
    expect(JSON.parse(JSON.stringify(wire))).toEqual(wire);
    const [back] = fromWire(JSON.parse(JSON.stringify(wire)));
    expect(printGraph(back, registry)).toBe(printGraph(g, registry));
    expect(hashNode(back)).toBe(hashNode(g));
  });

  it('writes shared subgraphs once', () => {
    const g = graphOf('[1, 2].count + [1, 2].count');
    const wire = toWire(dedupe([g]));
    const counts = wire.nodes.filter((n) => 'name' in n && n.name === 'count');
    expect(counts).toHaveLength(1);
  });

  it('accepts the reference example (nodes in any order)', () => {
    const wire = {
      nodes: [
        { nodeType: 'output', fromOp: 1, type: 'number' },
        { name: 'number-add', inputs: { lhs: 3, rhs: 2 } },
        { nodeType: 'const', type: 'number', val: 2 },
        { nodeType: 'const', type: 'number', val: 1 },
      ],
      targetNodes: [0],
    };
    const [n] = fromWire(wire);
    expect(printGraph(n, registry)).toBe('1 + 2');
  });

  it.each([
    [null, '$'],
    [{ nodes: {}, targetNodes: [] }, '$.nodes'],
    [{ nodes: [], targetNodes: [0] }, '$.targetNodes[0]'],
    [{ nodes: [{ nodeType: 'output', fromOp: 0, type: 'number' }], targetNodes: [0] }, '$.nodes[0]'],
    [{ nodes: [{ nodeType: 'const', type: 'numbr', val: 1 }], targetNodes: [0] }, '$.nodes[0].type'],
    [{ nodes: [{ nodeType: 'output', fromOp: 1, type: 'number' }, { name: 'x', inputs: { a: 7 } }], targetNodes: [0] }, '$.nodes[1].inputs.a'],
    [{ nodes: [{ nodeType: 'banana' }], targetNodes: [0] }, '$.nodes[0].nodeType'],
  ])('rejects malformed input %# naming the path', (json, path) => {
    let error: unknown;
    try {
      fromWire(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WireFormatError);
    expect((error as WireFormatError).path.startsWith(path)).toBe(true);
  });

  it('never throws anything but WireFormatError on random input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          fromWire({ nodes: Array.isArray(json) ? json : [json], targetNodes: [0] });
        } catch (e) {
          expect(e).toBeInstanceOf(WireFormatError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a __proto__ input name as an ordinary key', () => {
    const g = outputNode('dict', Object.defineProperty({}, '__proto__', { value: constNode('number', 1), enumerable: true }), 'any');
    const [back] = fromWire(JSON.parse(JSON.stringify(toWire([g]))));
    expect(Object.keys((back as typeof g).fromOp.inputs)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
