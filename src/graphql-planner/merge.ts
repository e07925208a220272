/**
 * Merging GraphQL documents at the AST level (graphql-js nodes), as the batch planner combines
 * the documents of its targets:
 * - fields merge by response key (alias or name); their sub-selections merge recursively, inline
 *   fragments by type condition;
 * - projection arguments (`keys`, `specs`, `liveKeys`) are unioned; absent on either side means
 *   "everything", so the merged field has none;
 * - `first` takes the larger value;
 * - any other argument must be equal on both sides — guaranteed by construction, since response
 *   keys are derived from those arguments (`responseKey`); a difference is a planner bug and
 *   throws;
 * - a selection that fetches whole history rows drops per-column history specs.
 */
import {
  Kind,
  OperationTypeNode,
  print,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { PROJECTION_ARGS, responseKey } from '../ops/domain/alias.js';
import { HISTORY_FULL_ARGS } from '../ops/domain/run.js';

export class MergeConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeConflictError';
  }
}

const FULL_HISTORY_KEY = responseKey('history', HISTORY_FULL_ARGS);

function keyOf(f: FieldNode): string {
  return (f.alias ?? f.name).value;
}

function valueText(v: ValueNode): string {
  return print(v);
}

function mergeArgs(fieldName: string, key: string, a: readonly ArgumentNode[], b: readonly ArgumentNode[]): ArgumentNode[] {
  const projection = PROJECTION_ARGS[fieldName];
  const byName = new Map<string, ArgumentNode>();
  for (const arg of b) byName.set(arg.name.value, arg);
  const out: ArgumentNode[] = [];
  const seen = new Set<string>();
  for (const arg of a) {
    const n = arg.name.value;
    seen.add(n);
    const other = byName.get(n);
    if (n === projection) {
      if (!other) continue; // the other side wants everything
      out.push(unionListArg(arg, other));
      continue;
    }
    if (n === 'first') {
      if (!other) continue;
      out.push(maxIntArg(arg, other));
      continue;
    }
    if (!other) throw new MergeConflictError(`field ${key}: argument ${n} on one side only`);
    if (valueText(arg.value) !== valueText(other.value)) {
      throw new MergeConflictError(`field ${key}: argument ${n} differs (${valueText(arg.value)} vs ${valueText(other.value)})`);
    }
    out.push(arg);
  }
  for (const arg of b) {
    const n = arg.name.value;
    if (seen.has(n)) continue;
    if (n === projection || n === 'first') continue;
    throw new MergeConflictError(`field ${key}: argument ${n} on one side only`);
  }
  return out;
}

function unionListArg(a: ArgumentNode, b: ArgumentNode): ArgumentNode {
  const values = new Map<string, ValueNode>();
  for (const v of [a.value, b.value]) {
    const items = v.kind === Kind.LIST ? v.values : [v];
    for (const item of items) values.set(valueText(item), item);
  }
  const sorted = [...values.keys()].sort().map((k) => values.get(k) as ValueNode);
  return { ...a, value: { kind: Kind.LIST, values: sorted } };
}

function maxIntArg(a: ArgumentNode, b: ArgumentNode): ArgumentNode {
  const n = (v: ValueNode): number => (v.kind === Kind.INT ? Number(v.value) : Number.POSITIVE_INFINITY);
  return n(a.value) >= n(b.value) ? a : b;
}

function mergeFields(a: FieldNode, b: FieldNode): FieldNode {
  const key = keyOf(a);
  if (a.name.value !== b.name.value) throw new MergeConflictError(`response key ${key} names two fields: ${a.name.value} and ${b.name.value}`);
  const args = mergeArgs(a.name.value, key, a.arguments ?? [], b.arguments ?? []);
  let selectionSet: SelectionSetNode | undefined;
  if (a.selectionSet || b.selectionSet) {
    selectionSet = {
      kind: Kind.SELECTION_SET,
      selections: mergeSelections(a.selectionSet?.selections ?? [], b.selectionSet?.selections ?? []),
    };
  }
  return {
    kind: Kind.FIELD,
    name: a.name,
    ...(a.alias ? { alias: a.alias } : {}),
    ...(args.length > 0 ? { arguments: args } : {}),
    ...(selectionSet ? { selectionSet } : {}),
  };
}

/** Merges two selection lists (fields by response key, inline fragments by type condition). */
export function mergeSelections(a: readonly SelectionNode[], b: readonly SelectionNode[]): SelectionNode[] {
  const out: SelectionNode[] = [];
  const fields = new Map<string, number>();
  const fragments = new Map<string, number>();
  const add = (s: SelectionNode): void => {
    if (s.kind === Kind.FIELD) {
      const k = keyOf(s);
      const at = fields.get(k);
      if (at === undefined) {
        fields.set(k, out.length);
        out.push(s);
      } else out[at] = mergeFields(out[at] as FieldNode, s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      const t = s.typeCondition?.name.value ?? '';
      const at = fragments.get(t);
      if (at === undefined) {
        fragments.set(t, out.length);
        out.push(s);
      } else {
        const prev = out[at] as InlineFragmentNode;
        out[at] = {
          ...prev,
          selectionSet: { kind: Kind.SELECTION_SET, selections: mergeSelections(prev.selectionSet.selections, s.selectionSet.selections) },
        };
      }
    } else {
      throw new MergeConflictError('fragment spreads are not merged');
    }
  };
  for (const s of a) add(s);
  for (const s of b) add(s);
  if (fields.has(FULL_HISTORY_KEY) && fields.has('sampledHistory')) {
    return out.filter((s) => !(s.kind === Kind.FIELD && keyOf(s) === 'sampledHistory'));
  }
  return out;
}

function operation(doc: DocumentNode): OperationDefinitionNode {
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new MergeConflictError('document has no operation');
  return op;
}

/** One query document holding every selection of `docs` (null when there is none). */
export function mergeDocuments(docs: readonly (DocumentNode | null)[], operationName?: string): DocumentNode | null {
  let selections: SelectionNode[] | null = null;
  for (const d of docs) {
    if (!d) continue;
    const sel = operation(d).selectionSet.selections;
    selections = selections === null ? [...sel] : mergeSelections(selections, sel);
  }
  if (selections === null || selections.length === 0) return null;
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        ...(operationName ? { name: { kind: Kind.NAME, value: operationName } } : {}),
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
    ],
  };
}
