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

/** A cheap identity of a literal (scalars and lists of scalars without printing). */
function valueKey(v: ValueNode): string {
  switch (v.kind) {
    case Kind.STRING:
      return `s${v.value}`;
    case Kind.INT:
    case Kind.FLOAT:
      return `n${v.value}`;
    case Kind.BOOLEAN:
      return `b${String(v.value)}`;
    case Kind.NULL:
      return 'null';
    case Kind.ENUM:
      return `e${v.value}`;
    case Kind.LIST:
      return `[${v.values.map(valueKey).join('\u0000')}]`;
    default:
      return `p${print(v)}`;
  }
}

/** One field being merged: its first occurrence, its merged arguments and its merged sub-selections. */
class FieldAcc {
  /** Arguments that must be equal on every occurrence. */
  private readonly args = new Map<string, ArgumentNode>();
  /** The projection argument's values so far (null: some occurrence wants everything). */
  private projection: Map<string, ValueNode> | null | undefined;
  private projectionArg: ArgumentNode | null = null;
  /** The largest `first:` so far (null: some occurrence had none). */
  private first_: ArgumentNode | null | undefined;
  sub: SelectionAcc | null = null;

  constructor(readonly first: FieldNode) {
    const projection = PROJECTION_ARGS[first.name.value];
    for (const a of first.arguments ?? []) {
      const n = a.name.value;
      if (n === projection) {
        this.projectionArg = a;
        this.projection = new Map();
        addValues(this.projection, a.value);
      } else if (n === 'first') this.first_ = a;
      else this.args.set(n, a);
    }
    if (projection && this.projection === undefined) this.projection = null;
    if (this.first_ === undefined && first.arguments?.some((a) => a.name.value === 'first') !== true) this.first_ = null;
    if (first.selectionSet) (this.sub = new SelectionAcc()).add(first.selectionSet.selections);
  }

  merge(f: FieldNode): void {
    const fieldName = this.first.name.value;
    if (fieldName !== f.name.value) {
      throw new MergeConflictError(`response key ${keyOf(this.first)} names two fields: ${fieldName} and ${f.name.value}`);
    }
    const projection = PROJECTION_ARGS[fieldName];
    let seenProjection = false;
    let seenFirst = false;
    let others = 0;
    for (const a of f.arguments ?? []) {
      const n = a.name.value;
      if (n === projection) {
        seenProjection = true;
        if (this.projection) addValues(this.projection, a.value);
      } else if (n === 'first') {
        seenFirst = true;
        if (this.first_) this.first_ = maxIntArg(this.first_, a);
      } else {
        others++;
        const mine = this.args.get(n);
        if (!mine) throw new MergeConflictError(`field ${keyOf(this.first)}: argument ${n} on one side only`);
        if (mine !== a && valueKey(mine.value) !== valueKey(a.value)) {
          throw new MergeConflictError(`field ${keyOf(this.first)}: argument ${n} differs (${print(mine.value)} vs ${print(a.value)})`);
        }
      }
    }
    if (others !== this.args.size) throw new MergeConflictError(`field ${keyOf(this.first)}: arguments on one side only`);
    if (projection && !seenProjection) this.projection = null;
    if (!seenFirst) this.first_ = null;
    if (f.selectionSet) (this.sub ??= new SelectionAcc()).add(f.selectionSet.selections);
  }

  build(): FieldNode {
    const args: ArgumentNode[] = [...this.args.values()];
    if (this.projection && this.projectionArg) {
      const sorted = [...this.projection.keys()].sort().map((k) => (this.projection as Map<string, ValueNode>).get(k) as ValueNode);
      args.push({ ...this.projectionArg, value: { kind: Kind.LIST, values: sorted } });
    }
    if (this.first_) args.push(this.first_);
    const f = this.first;
    return {
      kind: Kind.FIELD,
      name: f.name,
      ...(f.alias ? { alias: f.alias } : {}),
      ...(args.length > 0 ? { arguments: args } : {}),
      ...(this.sub ? { selectionSet: { kind: Kind.SELECTION_SET, selections: this.sub.build() } } : {}),
    };
  }
}

function addValues(into: Map<string, ValueNode>, v: ValueNode): void {
  if (v.kind === Kind.LIST) for (const item of v.values) into.set(valueKey(item), item);
  else into.set(valueKey(v), v);
}

/** A selection set being merged (fields by response key, inline fragments by type condition). */
class SelectionAcc {
  /** Leaf fields without arguments are kept as they are; others are accumulated. */
  private readonly order: (FieldAcc | FragmentAcc | FieldNode)[] = [];
  private readonly fields = new Map<string, FieldAcc | FieldNode>();
  private readonly fragments = new Map<string, FragmentAcc>();

  add(selections: readonly SelectionNode[]): void {
    for (let i = 0; i < selections.length; i++) {
      const s = selections[i];
      if (s.kind === Kind.FIELD) {
        const k = keyOf(s);
        const acc = this.fields.get(k);
        if (acc === undefined) {
          const plain = !s.selectionSet && (s.arguments === undefined || s.arguments.length === 0);
          const entry = plain ? s : new FieldAcc(s);
          this.fields.set(k, entry);
          this.order.push(entry);
        } else if (acc instanceof FieldAcc) acc.merge(s);
        else if (s.selectionSet || (s.arguments !== undefined && s.arguments.length > 0) || s.name.value !== acc.name.value) {
          // The stored leaf meets a richer field under the same key: accumulate from now on.
          const upgraded = new FieldAcc(acc);
          upgraded.merge(s);
          this.fields.set(k, upgraded);
          this.order[this.order.indexOf(acc)] = upgraded;
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition?.name.value ?? '';
        let acc = this.fragments.get(t);
        if (!acc) {
          acc = new FragmentAcc(s);
          this.fragments.set(t, acc);
          this.order.push(acc);
        }
        acc.sub.add(s.selectionSet.selections);
      } else {
        throw new MergeConflictError('fragment spreads are not merged');
      }
    }
  }

  build(): SelectionNode[] {
    const dropSampled = this.fields.has(FULL_HISTORY_KEY) && this.fields.has('sampledHistory');
    const out: SelectionNode[] = [];
    for (const acc of this.order) {
      if (acc instanceof FieldAcc) {
        if (dropSampled && keyOf(acc.first) === 'sampledHistory') continue;
        out.push(acc.build());
      } else if (acc instanceof FragmentAcc) out.push(acc.build());
      else out.push(acc);
    }
    return out;
  }
}

class FragmentAcc {
  readonly sub = new SelectionAcc();
  constructor(readonly first: InlineFragmentNode) {}
  build(): InlineFragmentNode {
    return { ...this.first, selectionSet: { kind: Kind.SELECTION_SET, selections: this.sub.build() } };
  }
}

function maxIntArg(a: ArgumentNode, b: ArgumentNode): ArgumentNode {
  const n = (v: ValueNode): number => (v.kind === Kind.INT ? Number(v.value) : Number.POSITIVE_INFINITY);
  return n(a.value) >= n(b.value) ? a : b;
}

/** Merges selection lists (fields by response key, inline fragments by type condition), n-way. */
export function mergeSelections(...lists: readonly (readonly SelectionNode[])[]): SelectionNode[] {
  const acc = new SelectionAcc();
  for (const l of lists) acc.add(l);
  return acc.build();
}

function operation(doc: DocumentNode): OperationDefinitionNode {
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new MergeConflictError('document has no operation');
  return op;
}

/** One query document holding every selection of `docs` (null when there is none). */
export function mergeDocuments(docs: readonly (DocumentNode | null)[], operationName?: string): DocumentNode | null {
  const acc = new SelectionAcc();
  let any = false;
  for (const d of docs) {
    if (!d) continue;
    acc.add(operation(d).selectionSet.selections);
    any = true;
  }
  if (!any) return null;
  const selections = acc.build();
  if (selections.length === 0) return null;
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
