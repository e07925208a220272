/**
 * Table ops: rows of a table (`table-rows`, each row tagged with its table, foreign keys and
 * indexes resolved against the peer table), of a joined table (`joinedtable-rows`: the two
 * tables' rows joined on the join key as `{"0": left, "1": right}`) and of a partitioned table
 * (`partitionedtable-rows`: every part's rows); the file of a table-like asset (`asset-file`),
 * and the `.table` getter of a row.
 */
import {
  fileType,
  isList,
  isTableType,
  list,
  mappableNullableTaggable,
  nullable,
  isTaggedValue,
  isUnion,
  skipTaggable,
  taggedValue,
  maybe,
  nullableOneOrMany,
  typedDict,
  union,
  withFileTag,
  withTableRowTag,
  type MediaType,
  type Type,
} from '../../types/index.js';
import { standardRegistry } from '../index.js';
import type { OpDeclaration, ResolverFn } from '../opdef.js';
import { findNamedTag, isPlainObject, Tagged, tagValue, untag } from '../values.js';
import { PENDING, wandbData, type Pending, type WandbData } from './access.js';
import { docs } from './common.js';
import { fileArtifactVersion, readTableValue } from './file.js';
import { refinable } from './oracle.js';
import { FileValue, JoinedTableValue, PartitionedTableValue, TableValue } from './values.js';
import { foreignRef, wbTypeMap } from './wbtypes.js';

/** `value` tagged `{[name]: tag}`, the tag's own tags going further up the chain (`withNamedTag`). */
export function withNamedTagValue(name: string, tag: unknown, value: unknown): unknown {
  const record: Record<string, unknown> = {};
  Object.defineProperty(record, name, { value: untag(tag), enumerable: true, writable: true, configurable: true });
  return tag instanceof Tagged ? new Tagged(new Tagged(tag.tag, record), value) : tagValue(record, value);
}

/** Maps one optional list level, passing each element without and with its tags; results are not re-tagged. */
export function mapSkipTags(v: unknown, fn: (value: unknown, withTags: unknown) => unknown): unknown {
  const inner = untag(v);
  if (inner == null) return null;
  if (Array.isArray(inner)) {
    return inner.map((e) => {
      const ie = untag(e);
      return ie == null ? null : fn(ie, e);
    });
  }
  return fn(inner, v);
}

/** Maps one optional list level keeping tags (outer and per element), passing tagged elements too. */
function mapKeepTags(v: unknown, fn: (value: unknown, withTags: unknown) => unknown): unknown {
  if (v == null) return null;
  if (v instanceof Tagged) {
    const inner = untag(v);
    if (inner == null) return v;
    if (Array.isArray(inner)) return tagValue(v.tag, mapKeepTags(v.value, fn));
    return tagValue(v.tag, mapKeepTags(v.value, (x) => fn(x, v)));
  }
  if (Array.isArray(v)) {
    return v.map((e) => {
      if (e == null) return null;
      const ie = untag(e);
      if (ie == null) return e;
      return e instanceof Tagged ? tagValue(e.tag, fn(ie, e)) : fn(ie, e);
    });
  }
  return fn(v, v);
}

function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Builds any one row of a table (or one cell of a row) exactly as `tableRows` returns it. */
export interface TableRowBuilder {
  /** Row q: a fresh object tagged `{table}` after the table's own tags. */
  row(q: number): unknown;
  /** The value row q holds under column j (foreign key / index columns: the peer table's row or null). */
  cell(q: number, j: number): unknown;
  /** The columns whose cells are replaced by the peer table's rows. */
  readonly foreign: ReadonlySet<string>;
}

/**
 * How `tableRows` makes the rows of a table: the peer tables of foreign-index and foreign-key
 * columns are read (and their rows built) here, the table's own rows only when asked for, so a
 * columnar reader can build just the rows or foreign-key cells it needs.
 */
export function tableRowBuilder(table: TableValue, tableWithTags: unknown, data: WandbData): TableRowBuilder | Pending {
  const types = wbTypeMap(table.columnTypes);
  const columns = table.columnNames;
  const peers = new Map<string, { kind: 'index'; rows: unknown[] } | { kind: 'key'; byKey: Map<string, unknown> }>();
  let pending = false;
  if (types && table.file) {
    for (const c of columns) {
      const ref = foreignRef(Object.prototype.hasOwnProperty.call(types, c) ? types[c] : types[`${c}.0`]);
      if (!ref) continue;
      const peerFile = table.file.sibling(ref.table);
      const peer = readTableValue(peerFile, data);
      if (peer === PENDING) {
        pending = true;
        continue;
      }
      if (peer == null) continue;
      const peerRows = tableRows(peer, tagValue({ file: peerFile }, peer), data);
      if (peerRows === PENDING) {
        pending = true;
        continue;
      }
      if (ref.kind === 'index') peers.set(c, { kind: 'index', rows: peerRows });
      else {
        const byKey = new Map<string, unknown>();
        for (const row of peerRows) {
          const r = untag(row);
          const k = isPlainObject(r) && ref.column != null ? r[ref.column] : undefined;
          if (k != null && k !== '' && k !== 0 && k !== false) byKey.set(String(k), row);
        }
        peers.set(c, { kind: 'key', byKey });
      }
    }
  }
  if (pending) return PENDING;
  const cellRows = table.rows;
  const peerOf = columns.map((c) => peers.get(c));
  const cellOf = (cells: readonly unknown[], j: number): unknown => {
    const peer = peerOf[j];
    let v = cells[j];
    if (peer?.kind === 'index') v = typeof v === 'number' ? (peer.rows[v] ?? null) : null;
    else if (peer?.kind === 'key') v = v == null ? null : (peer.byKey.get(String(v)) ?? null);
    return v === undefined ? null : v;
  };
  return {
    foreign: new Set(peers.keys()),
    cell: (q, j) => cellOf(cellRows[q], j),
    row: (q) => {
      const cells = cellRows[q];
      const row: Record<string, unknown> = {};
      for (let j = 0; j < columns.length; j++) setKey(row, columns[j], cellOf(cells, j));
      return withNamedTagValue('table', tableWithTags, row);
    },
  };
}

/**
 * The rows of a table, each tagged `{table}` (after the table's own tags). Foreign-index and
 * foreign-key columns are replaced by the referenced rows of the peer table.
 */
export function tableRows(table: TableValue, tableWithTags: unknown, data: WandbData): unknown[] | Pending {
  const build = tableRowBuilder(table, tableWithTags, data);
  if (build === PENDING) return PENDING;
  return table.rows.map((_, q) => build.row(q));
}

/** One table of a table file or of a partitioned table: the tags its rows carry and their builder. */
export interface TablePart {
  readonly table: TableValue;
  readonly withTags: unknown;
  readonly build: TableRowBuilder;
}

/** The tables of a table file or of a partitioned table file (a side of a joined table), in row order. */
export function partsOfFile(file: FileValue, data: WandbData): TablePart[] | null | Pending {
  if (file.path.endsWith('.partitioned-table.json')) {
    const spec = data.readPartitionedTable(file);
    if (spec === PENDING || spec == null) return spec;
    return partitionParts(new PartitionedTableValue(file, spec.partsPath), data);
  }
  const t = readTableValue(file, data);
  if (t === PENDING || t == null) return t;
  const withTags = tagValue({ file }, t);
  const build = tableRowBuilder(t, withTags, data);
  return build === PENDING ? PENDING : [{ table: t, withTags, build }];
}

/** The tables of a partitioned table, in the order its rows come (its parts in manifest order). */
export function partitionParts(pt: PartitionedTableValue, data: WandbData): TablePart[] | Pending {
  const names = data.listFiles(pt.file);
  if (names === PENDING) return PENDING;
  const prefix = pt.partsPath.replace(/\/+$/, '') + '/';
  const out: TablePart[] = [];
  let pending = false;
  for (const name of names ?? []) {
    if (!name.startsWith(prefix) || !name.endsWith('table.json')) continue;
    const parts = partsOfFile(pt.file.sibling(name), data);
    if (parts === PENDING) pending = true;
    else if (parts) out.push(...parts);
  }
  return pending ? PENDING : out;
}

/** The rows of tables, one after the other (a loop: spreading 1e5 rows into `push` overflows the stack). */
function rowsOfParts(parts: readonly TablePart[]): unknown[] {
  if (parts.length === 1) return tablePartRows(parts[0]);
  const out: unknown[] = [];
  for (const p of parts) for (const row of tablePartRows(p)) out.push(row);
  return out;
}

function tablePartRows(p: TablePart): unknown[] {
  return p.table.rows.map((_, q) => p.build.row(q));
}

/** The rows of a table file or of a partitioned table file (a side of a joined table). */
function rowsOfFile(file: FileValue, data: WandbData): unknown[] | null | Pending {
  const parts = partsOfFile(file, data);
  return parts === PENDING || parts == null ? parts : rowsOfParts(parts);
}

function partitionRows(pt: PartitionedTableValue, data: WandbData): unknown[] | Pending {
  const parts = partitionParts(pt, data);
  return parts === PENDING ? PENDING : rowsOfParts(parts);
}


function joinedRows(jt: JoinedTableValue, leftOuter: boolean, rightOuter: boolean, data: WandbData): unknown[] | null | Pending {
  const { table1, table2, joinKey } = jt.spec;
  const left = rowsOfFile(jt.file.sibling(table1), data);
  const right = rowsOfFile(jt.file.sibling(table2), data);
  if (left === PENDING || right === PENDING) return PENDING;
  // The list op `join`, read when first needed (the op modules import each other).
  const joinResolver = standardRegistry().find('join')?.declaration.resolver;
  if (!joinResolver) throw new Error('joinedtable-rows needs the list op `join`');
  const keyOf = (k: string) => (row: unknown) => {
    const r = untag(row);
    return isPlainObject(r) ? (r[k] ?? null) : null;
  };
  return joinResolver(
    {
      arr1: left ?? [],
      arr2: right ?? [],
      join1Fn: keyOf(joinKey[0]),
      join2Fn: keyOf(joinKey[1]),
      alias1: '0',
      alias2: '1',
      leftOuter,
      rightOuter,
    },
    { inputTypes: {}, rawInputs: {}, data: null },
  ) as unknown[];
}

const TABLE_T: MediaType = { type: 'table', columnTypes: {} };
const JOINED_T: MediaType = { type: 'joined-table', columnTypes: {} };
const PARTITIONED_T: MediaType = { type: 'partitioned-table', columnTypes: {} };

/** `asset-file` accepts media files and table kinds (one or many, nullable). */
const MEDIA_ASSETS: Type = union([
  { type: 'image-file' },
  { type: 'video-file' },
  { type: 'audio-file' },
  { type: 'html-file' },
  { type: 'bokeh-file' },
  { type: 'object3D-file' },
  { type: 'molecule-file' },
  { type: 'pytorch-model-file' },
  TABLE_T,
  JOINED_T,
  PARTITIONED_T,
]);

/**
 * `List<row>` for each table of a (list of, nullable, tagged) table type: rows are tagged
 * `{table}` after the table's own tags — the *element's* tags, so a row of a table read from a
 * run's summary still knows its run (the reference uses the whole input type here, which loses
 * element tags).
 */
export function tableRowsType(input: Type, isKind: (t: Type) => boolean, what: string, columns?: Readonly<Record<string, Type>>): Type {
  const rows = (elem: Type): Type => {
    // The table member of the element (tags kept), nulls aside: `Tagged<tags, Maybe<Table>>`
    // is a union of a tagged none and a tagged table.
    const found = findTable(elem, isKind);
    if (!found) {
      if (found === null && isNullOnly(elem)) return 'none';
      throw new TypeError(`expected a ${what}`);
    }
    const cols = columns ?? (isTableType(found.table) ? found.table.columnTypes : {});
    const rowList = list(withTableRowTag(typedDict(cols), found.withTags));
    return found.nullable ? maybe(rowList) : rowList;
  };
  return nullable(input, (u) => skipTaggable(u, (v) => (isList(v) ? list(rows(v.objectType), v.minLength, v.maxLength) : rows(v))));
}

/** Is `t` null whatever its tags (`none`, a tagged none, a union of those)? */
function isNullOnly(t: Type): boolean {
  if (t === 'none') return true;
  if (isTaggedValue(t)) return isNullOnly(t.value);
  if (isUnion(t)) return t.members.every(isNullOnly);
  return false;
}

/** The first table-typed member of `t` with its tags, and whether `t` may also be null. */
function findTable(t: Type, isKind: (t: Type) => boolean): { table: Type; withTags: Type; nullable: boolean } | null {
  let nullableSeen = false;
  let found: { table: Type; withTags: Type } | null = null;
  const visit = (m: Type, tag: Type | null): void => {
    if (found) return;
    if (m === 'none') {
      nullableSeen = true;
      return;
    }
    if (isUnion(m)) {
      for (const x of m.members) visit(x, tag);
      return;
    }
    if (isTaggedValue(m)) {
      visit(m.value, tag === null ? m.tag : taggedValue(tag, m.tag));
      return;
    }
    if (isKind(m)) found = { table: m, withTags: tag === null ? m : taggedValue(tag, m) };
  };
  visit(t, null);
  const f = found as { table: Type; withTags: Type } | null;
  return f ? { ...f, nullable: nullableSeen } : null;
}

const rowsType =
  (arg: string, isKind: (t: Type) => boolean, what: string) =>
  (_types: Readonly<Record<string, Type>>, inputs: Readonly<Record<string, { type: Type }>>): Type =>
    tableRowsType(inputs[arg].type, isKind, what);

export const isPlainTable = (t: Type): boolean => isTableType(t) && t.type === 'table';

/** The file a table-like value or a media reference (found in a table row) came from. */
function assetFile(asset: unknown, withTags: unknown, data: WandbData): FileValue | null {
  if (asset instanceof TableValue) return asset.file;
  if (asset instanceof JoinedTableValue || asset instanceof PartitionedTableValue) return asset.file;
  if (asset instanceof FileValue) return asset;
  if (isPlainObject(asset) && typeof asset.path === 'string') {
    const file = findNamedTag(withTags, 'file');
    const f = untag(file);
    if (f instanceof FileValue) return f.sibling(asset.path);
    void data;
  }
  return null;
}

const tableRowsResolver: ResolverFn = ({ table }, ctx) => {
  const data = wandbData(ctx);
  let pending = false;
  const out = mapSkipTags(table, (t, withTags) => {
    if (!(t instanceof TableValue)) return null;
    const rows = tableRows(t, withTags, data);
    if (rows === PENDING) {
      pending = true;
      return null;
    }
    return rows;
  });
  return pending ? null : out;
};

const ops: OpDeclaration[] = [
  {
    name: 'asset-artifactVersion',
    kind: 'raw',
    hidden: true,
    argTypes: { asset: nullableOneOrMany(withFileTag('any', fileType())) },
    returnType: (_types, inputs) => mappableNullableTaggable(inputs.asset.type, () => maybe('artifactVersion')),
    resolver: ({ asset }, ctx) => {
      const data = wandbData(ctx);
      return mapKeepTags(asset, (_a, withTags) => {
        const f = untag(findNamedTag(withTags, 'file'));
        return f instanceof FileValue ? fileArtifactVersion(f, data) : null;
      });
    },
    ...docs('Returns the artifactVersion of the asset', { asset: 'The asset' }, 'The artifactVersion of the asset'),
    docPages: [],
    gql: { kind: 'fileVersion' },
  },
  {
    name: 'asset-file',
    kind: 'raw',
    argTypes: { asset: nullableOneOrMany(MEDIA_ASSETS) },
    returnType: (_types, inputs) => mappableNullableTaggable(inputs.asset.type, () => fileType()),
    resolver: ({ asset }, ctx) => {
      const data = wandbData(ctx);
      return mapKeepTags(asset, (a, withTags) => assetFile(a, withTags, data));
    },
    ...docs('Returns the file of the asset', { asset: 'The asset' }, 'The file of the asset'),
    docPages: [
      'audio-file',
      'bokeh-file',
      'html-file',
      'image-file',
      'joined-table',
      'molecule-file',
      'object3D-file',
      'partitioned-table',
      'pytorch-model-file',
      'table',
      'video-file',
    ],
    gql: { kind: 'local' },
  },
  {
    name: 'joinedtable-rows',
    kind: 'raw',
    argTypes: { joinedTable: maybe(JOINED_T), leftOuter: 'boolean', rightOuter: 'boolean' },
    returnType: refinable(
      'joinedtable-rows',
      rowsType('joinedTable', (t) => isTableType(t) && t.type === 'joined-table', 'joined-table'),
    ),
    resolver: ({ joinedTable, leftOuter, rightOuter }, ctx) => {
      const data = wandbData(ctx);
      let pending = false;
      const out = mapSkipTags(joinedTable, (jt) => {
        if (!(jt instanceof JoinedTableValue)) return null;
        const rows = joinedRows(jt, untag(leftOuter) === true, untag(rightOuter) === true, data);
        if (rows === PENDING) pending = true;
        return rows === PENDING ? null : rows;
      });
      return pending ? null : out;
    },
    ...docs(
      'Returns the rows of a joined-table',
      {
        joinedTable: 'The joined-table',
        leftOuter: 'Whether to include rows from the left table that do not have a matching row in the right table',
        rightOuter: 'Whether to include rows from the right table that do not have a matching row in the left table',
      },
      'The rows of the joined-table',
    ),
    docPages: ['joined-table'],
    gql: { kind: 'local' },
  },
  {
    name: 'joinedtable-file',
    kind: 'raw',
    argTypes: { joinedTable: maybe(JOINED_T) },
    returnType: (_types, inputs) => mappableNullableTaggable(inputs.joinedTable.type, () => fileType()),
    resolver: ({ joinedTable }) => mapKeepTags(joinedTable, (jt) => (jt instanceof JoinedTableValue ? jt.file : null)),
    ...docs('Returns the file of a joined-table', { joinedTable: 'The joined-table' }, 'The file of a joined-table'),
    docPages: ['joined-table'],
    gql: { kind: 'local' },
  },
  {
    name: 'partitionedtable-rows',
    kind: 'raw',
    argTypes: { partitionedTable: maybe(PARTITIONED_T) },
    returnType: refinable(
      'partitionedtable-rows',
      rowsType('partitionedTable', (t) => isTableType(t) && t.type === 'partitioned-table', 'partitioned-table'),
    ),
    resolver: ({ partitionedTable }, ctx) => {
      const data = wandbData(ctx);
      let pending = false;
      const out = mapSkipTags(partitionedTable, (pt) => {
        if (!(pt instanceof PartitionedTableValue)) return null;
        const rows = partitionRows(pt, data);
        if (rows === PENDING) pending = true;
        return rows === PENDING ? null : rows;
      });
      return pending ? null : out;
    },
    ...docs(
      'Returns the rows of a partitioned-table',
      { partitionedTable: 'The partitioned-table to get rows from' },
      'Rows of the partitioned-table',
    ),
    docPages: ['partitioned-table'],
    gql: { kind: 'local' },
  },
  {
    name: 'partitionedtable-file',
    kind: 'raw',
    argTypes: { partitionedTable: maybe(PARTITIONED_T) },
    returnType: (_types, inputs) => mappableNullableTaggable(inputs.partitionedTable.type, () => fileType()),
    resolver: ({ partitionedTable }) =>
      mapKeepTags(partitionedTable, (pt) => (pt instanceof PartitionedTableValue ? pt.file : null)),
    ...docs(
      'Returns the file of a partitioned-table',
      { partitionedTable: 'The partitioned-table' },
      'file of the partitioned-table',
    ),
    docPages: ['partitioned-table'],
    gql: { kind: 'local' },
  },
  {
    name: 'table-rows',
    kind: 'raw',
    argTypes: { table: nullableOneOrMany(TABLE_T) },
    returnType: refinable('table-rows', rowsType('table', isPlainTable, 'table')),
    resolver: tableRowsResolver,
    ...docs('Returns the rows of a table', { table: 'A table' }, 'The rows of the table'),
    docPages: ['table'],
    gql: { kind: 'local' },
  },
  {
    name: 'tablerow-table',
    kind: 'tag-getter',
    hidden: true,
    tagName: 'table',
    tagType: TABLE_T,
    argTypes: { obj: 'any' },
    ...docs('Returns the table a row came from', { obj: 'A table row' }, 'The table of the row'),
    docPages: [],
  },
];


const byName = (...names: string[]): OpDeclaration[] => names.map((n) => ops.find((o) => o.name === n) as OpDeclaration);

export const assetOps: OpDeclaration[] = byName('asset-artifactVersion', 'asset-file');
export const joinedTableOps: OpDeclaration[] = byName('joinedtable-rows', 'joinedtable-file');
export const partitionedTableOps: OpDeclaration[] = byName('partitionedtable-rows', 'partitionedtable-file');
export const tableOps: OpDeclaration[] = byName('table-rows', 'tablerow-table');
