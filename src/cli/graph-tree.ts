/** The typed op graph of an expression as an indented tree (the REPL's `.plan`). */
import { typeToString, type Node } from '../index.js';
import { inlineText } from './format.js';
import { encodeValue } from '../index.js';

function isFunctionConst(node: Node): node is Node & { nodeType: 'const'; val: Node } {
  return (
    node.nodeType === 'const' &&
    typeof node.type === 'object' &&
    node.type !== null &&
    (node.type as { type?: unknown }).type === 'function' &&
    typeof node.val === 'object' &&
    node.val !== null &&
    'nodeType' in (node.val as object)
  );
}

function label(node: Node): string {
  const t = typeToString(node.type);
  switch (node.nodeType) {
    case 'output':
      return `${node.fromOp.name} → ${t}`;
    case 'var':
      return `var ${node.varName} : ${t}`;
    case 'void':
      return 'void';
    case 'const':
      if (isFunctionConst(node)) {
        const params = Object.keys((node.type as { inputTypes: Record<string, unknown> }).inputTypes);
        return `lambda (${params.join(', ')}) → ${typeToString((node.type as { outputType: Node['type'] }).outputType)}`;
      }
      return `const ${cut(inlineText(encodeValue(node.val)))} : ${t}`;
  }
}

function cut(s: string): string {
  return s.length > 60 ? s.slice(0, 59) + '…' : s;
}

/** One line per node; a subgraph used more than once is written in full once and then as `(shared #n)`. */
export function graphTree(root: Node): string {
  const uses = new Map<Node, number>();
  const count = (n: Node): void => {
    uses.set(n, (uses.get(n) ?? 0) + 1);
    if (uses.get(n)! > 1) return;
    for (const c of children(n)) count(c);
  };
  count(root);
  const ids = new Map<Node, number>();
  const lines: string[] = [];
  const visit = (n: Node, prefix: string, childPrefix: string, argName: string | null): void => {
    const arg = argName ? `${argName}: ` : '';
    const known = ids.get(n);
    if (known !== undefined) {
      lines.push(`${prefix}${arg}(shared #${known})`);
      return;
    }
    let tag = '';
    if ((uses.get(n) ?? 0) > 1) {
      ids.set(n, ids.size + 1);
      tag = ` #${ids.size}`;
    }
    lines.push(`${prefix}${arg}${label(n)}${tag}`);
    const kids = namedChildren(n);
    kids.forEach(([name, c], i) => {
      const last = i === kids.length - 1;
      visit(c, childPrefix + (last ? '└─ ' : '├─ '), childPrefix + (last ? '   ' : '│  '), name);
    });
  };
  visit(root, '', '', null);
  return lines.join('\n');
}

function namedChildren(n: Node): [string | null, Node][] {
  if (n.nodeType === 'output') return Object.entries(n.fromOp.inputs);
  if (isFunctionConst(n)) return [['body', n.val]];
  return [];
}

function children(n: Node): Node[] {
  return namedChildren(n).map(([, c]) => c);
}
