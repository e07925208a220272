/**
 * Readers for W&B Table files (users.md §4.3–4.4): `*.table.json`, `*.joined-table.json`,
 * `*.partitioned-table.json`. They return a plain columnar structure; turning cells into typed
 * values is the language side's job. Browser-safe.
 */
import type { Backend, FileRef } from './backend.js';
import { describeFileRef } from './backend.js';
import { describeValue, hasOwn, isPlainObject, parseJsonBytes, parseJsonExtended, setOwn } from './json.js';

export interface TableData {
  columns: string[];
  /** Rows, each aligned with `columns`. */
  data: unknown[][];
  /** The serialized `column_types` (a `typedDict` Weave/W&B type), when the file has one. */
  columnTypes?: unknown;
}

export interface JoinedTableSpec {
  /** Artifact entry paths of the two tables. */
  table1: string;
  table2: string;
  /** Left and right join column (a single string `join_key` applies to both). */
  joinKey: [string, string];
}

export interface PartitionedTableSpec {
  /** Directory in the artifact whose `*.table.json` entries are the parts. */
  partsPath: string;
}

/** A malformed table file; `jsonPath` names the offending value. */
export class TableFormatError extends Error {
  constructor(
    readonly jsonPath: string,
    detail: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${jsonPath}: ${detail}`);
    this.name = 'TableFormatError';
  }
}

export type TableFileKind = 'table' | 'joined-table' | 'partitioned-table';

/** The table kind a file name announces by its suffix, or null. */
export function tableFileKind(path: string): TableFileKind | null {
  if (path.endsWith('.joined-table.json')) return 'joined-table';
  if (path.endsWith('.partitioned-table.json')) return 'partitioned-table';
  if (path.endsWith('.table.json')) return 'table';
  return null;
}

function toDoc(input: string | Uint8Array | unknown, source: string | undefined): unknown {
  try {
    if (typeof input === 'string') return parseJsonExtended(input);
    if (input instanceof Uint8Array) return parseJsonBytes(input);
  } catch (e) {
    throw new TableFormatError('$', `invalid JSON: ${(e as Error).message}`, source);
  }
  return input;
}

/** Parses a `*.table.json` (artifact form with `column_types`, or run-file form without). */
export function parseTable(input: string | Uint8Array | unknown, source?: string): TableData {
  const doc = toDoc(input, source);
  if (!isPlainObject(doc)) throw new TableFormatError('$', `expected an object, found ${describeValue(doc)}`, source);
  const t = doc._type;
  if (t !== undefined && t !== 'table' && t !== 'incremental-table') {
    throw new TableFormatError('$._type', `expected "table", found ${JSON.stringify(t)}`, source);
  }
  const cols = doc.columns;
  if (!Array.isArray(cols)) throw new TableFormatError('$.columns', `expected an array of column names, found ${describeValue(cols)}`, source);
  const columns: string[] = [];
  const seen = new Set<string>();
  cols.forEach((c, i) => {
    if (typeof c !== 'string' && !(typeof c === 'number' && Number.isFinite(c))) {
      throw new TableFormatError(`$.columns[${i}]`, `expected a string, found ${describeValue(c)}`, source);
    }
    const name = String(c);
    if (seen.has(name)) throw new TableFormatError(`$.columns[${i}]`, `duplicate column ${JSON.stringify(name)}`, source);
    seen.add(name);
    columns.push(name);
  });
  const rows = doc.data;
  if (!Array.isArray(rows)) throw new TableFormatError('$.data', `expected an array of rows, found ${describeValue(rows)}`, source);
  rows.forEach((row, i) => {
    if (!Array.isArray(row)) throw new TableFormatError(`$.data[${i}]`, `expected a row (array), found ${describeValue(row)}`, source);
    if (row.length !== columns.length) {
      throw new TableFormatError(`$.data[${i}]`, `expected ${columns.length} cells, found ${row.length}`, source);
    }
  });
  const out: TableData = { columns, data: rows as unknown[][] };
  if (hasOwn(doc, 'column_types') && doc.column_types !== null) {
    if (!isPlainObject(doc.column_types)) {
      throw new TableFormatError('$.column_types', `expected a type object, found ${describeValue(doc.column_types)}`, source);
    }
    out.columnTypes = doc.column_types;
  }
  return out;
}

/** Parses a `*.joined-table.json`: `{_type: "joined-table", table1, table2, join_key}`. */
export function parseJoinedTable(input: string | Uint8Array | unknown, source?: string): JoinedTableSpec {
  const doc = toDoc(input, source);
  if (!isPlainObject(doc)) throw new TableFormatError('$', `expected an object, found ${describeValue(doc)}`, source);
  if (doc._type !== undefined && doc._type !== 'joined-table') {
    throw new TableFormatError('$._type', `expected "joined-table", found ${JSON.stringify(doc._type)}`, source);
  }
  const path = (k: 'table1' | 'table2'): string => {
    const v = doc[k];
    if (typeof v !== 'string' || v === '') throw new TableFormatError(`$.${k}`, `expected a table path, found ${describeValue(v)}`, source);
    return v;
  };
  const key = doc.join_key;
  let joinKey: [string, string];
  if (typeof key === 'string') joinKey = [key, key];
  else if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string')) joinKey = [key[0], key[1]];
  else throw new TableFormatError('$.join_key', 'expected a column name or a [left, right] pair of column names', source);
  return { table1: path('table1'), table2: path('table2'), joinKey };
}

/** Parses a `*.partitioned-table.json`: `{_type: "partitioned-table", parts_path}`. */
export function parsePartitionedTable(input: string | Uint8Array | unknown, source?: string): PartitionedTableSpec {
  const doc = toDoc(input, source);
  if (!isPlainObject(doc)) throw new TableFormatError('$', `expected an object, found ${describeValue(doc)}`, source);
  if (doc._type !== undefined && doc._type !== 'partitioned-table') {
    throw new TableFormatError('$._type', `expected "partitioned-table", found ${JSON.stringify(doc._type)}`, source);
  }
  const p = doc.parts_path;
  if (typeof p !== 'string' || p === '') throw new TableFormatError('$.parts_path', `expected a directory path, found ${describeValue(p)}`, source);
  return { partsPath: p.replace(/\/+$/, '') };
}

function rowObject(columns: string[], row: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  columns.forEach((c, i) => setOwn(o, c, row[i]));
  return o;
}

function joinKeyOf(v: unknown): string {
  // Keys compare by JSON value, so 1 and "1" stay distinct and objects compare structurally.
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
}

/**
 * The rows of a joined table, as the reference computes them: each output row has two columns,
 * `"0"` (the left row as an object) and `"1"` (the right row), one output row per matching pair;
 * `leftOuter` / `rightOuter` add unmatched rows with `null` on the other side. Rows whose key is
 * null never match.
 */
export function joinTables(
  left: TableData,
  right: TableData,
  joinKey: [string, string],
  opts: { leftOuter?: boolean; rightOuter?: boolean } = {},
): TableData {
  const li = left.columns.indexOf(joinKey[0]);
  const ri = right.columns.indexOf(joinKey[1]);
  if (li < 0) throw new TableFormatError('$.join_key', `left table has no column ${JSON.stringify(joinKey[0])}`);
  if (ri < 0) throw new TableFormatError('$.join_key', `right table has no column ${JSON.stringify(joinKey[1])}`);
  const byKey = new Map<string, number[]>();
  right.data.forEach((row, i) => {
    if (row[ri] === null || row[ri] === undefined) return;
    const k = joinKeyOf(row[ri]);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const usedRight = new Set<number>();
  const data: unknown[][] = [];
  for (const row of left.data) {
    const key = row[li];
    const matches = key === null || key === undefined ? undefined : byKey.get(joinKeyOf(key));
    if (matches) {
      for (const m of matches) {
        usedRight.add(m);
        data.push([rowObject(left.columns, row), rowObject(right.columns, right.data[m])]);
      }
    } else if (opts.leftOuter) {
      data.push([rowObject(left.columns, row), null]);
    }
  }
  if (opts.rightOuter) {
    right.data.forEach((row, i) => {
      if (!usedRight.has(i)) data.push([null, rowObject(right.columns, row)]);
    });
  }
  return { columns: ['0', '1'], data };
}

/** Concatenates partitions; all parts must have the same columns (as the SDK requires). */
export function concatTables(parts: TableData[], names: string[] = []): TableData {
  if (parts.length === 0) return { columns: [], data: [] };
  const columns = parts[0].columns;
  const data: unknown[][] = [];
  parts.forEach((p, i) => {
    if (p.columns.length !== columns.length || p.columns.some((c, j) => c !== columns[j])) {
      throw new TableFormatError(
        '$.columns',
        `partition ${names[i] ?? i} has columns ${JSON.stringify(p.columns)}, expected ${JSON.stringify(columns)}`,
      );
    }
    for (const row of p.data) data.push(row);
  });
  const out: TableData = { columns, data };
  if (parts[0].columnTypes !== undefined) out.columnTypes = parts[0].columnTypes;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading through a backend
// ---------------------------------------------------------------------------------------------

export interface ReadTableOptions {
  leftOuter?: boolean;
  rightOuter?: boolean;
  signal?: AbortSignal;
}

function sibling(ref: FileRef, path: string): FileRef {
  return { ...ref, path };
}

async function readBytes(backend: Backend, ref: FileRef, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = await backend.readFile(ref, signal);
  if (!bytes) throw new Error(`table file not found: ${describeFileRef(ref)}`);
  return bytes;
}

/**
 * Reads any W&B table file through a backend, by suffix (or `_type` when the suffix says nothing):
 * plain tables as they are; joined tables by reading both sides from the same artifact and joining;
 * partitioned tables by listing the artifact's files under `parts_path` (in manifest order).
 */
export async function readTable(backend: Backend, ref: FileRef, opts: ReadTableOptions = {}): Promise<TableData> {
  const source = describeFileRef(ref);
  const bytes = await readBytes(backend, ref, opts.signal);
  let kind = tableFileKind(ref.path);
  let doc: unknown;
  if (kind === null) {
    doc = toDoc(bytes, source);
    const t = isPlainObject(doc) ? doc._type : undefined;
    kind = t === 'joined-table' || t === 'partitioned-table' ? t : 'table';
  }
  const input = doc ?? bytes;
  if (kind === 'table') return parseTable(input, source);
  if (kind === 'joined-table') {
    const spec = parseJoinedTable(input, source);
    const [left, right] = await Promise.all([
      readTable(backend, sibling(ref, spec.table1), { signal: opts.signal }),
      readTable(backend, sibling(ref, spec.table2), { signal: opts.signal }),
    ]);
    return joinTables(left, right, spec.joinKey, opts);
  }
  if (ref.kind === 'run') throw new Error(`${source}: partitioned tables live in artifacts, not run files`);
  const spec = parsePartitionedTable(input, source);
  const prefix = spec.partsPath + '/';
  const names = (await listArtifactFiles(backend, ref, opts.signal)).filter(
    (n) => n.startsWith(prefix) && n.endsWith('.table.json'),
  );
  const parts = await Promise.all(names.map((n) => readTable(backend, sibling(ref, n), { signal: opts.signal })));
  return concatTables(parts, names);
}

const FILES_PAGE = 1000;

/** Names of all files of the artifact version a FileRef points into, in manifest order. */
export async function listArtifactFiles(
  backend: Backend,
  ref: Exclude<FileRef, { kind: 'run' }>,
  signal?: AbortSignal,
): Promise<string[]> {
  const names: string[] = [];
  let after: string | null = null;
  for (;;) {
    const filesSel = `files(first: ${FILES_PAGE}, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } }`;
    const res =
      ref.kind === 'artifactId'
        ? await backend.execute({
            query: `query ArtifactFiles($id: ID!, $after: String) { artifact(id: $id) { ${filesSel} } }`,
            variables: { id: ref.id, after },
            signal,
          })
        : await backend.execute({
            query: `query ArtifactFiles($entity: String, $project: String, $name: String!, $after: String) {
              project(name: $project, entityName: $entity) { artifact(name: $name) { ${filesSel} } } }`,
            variables: {
              entity: ref.entity,
              project: ref.project,
              name: `${ref.artifact}:${typeof ref.version === 'number' ? `v${ref.version}` : ref.version}`,
              after,
            },
            signal,
          });
    if (res.errors?.length) throw new Error(`listing files of ${describeFileRef(ref)}: ${res.errors[0].message}`);
    const artifact = (ref.kind === 'artifactId' ? res.data?.artifact : (res.data?.project as Record<string, unknown> | null)?.artifact) as
      | { files: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }
      | null
      | undefined;
    if (!artifact) throw new Error(`artifact not found: ${describeFileRef(ref)}`);
    for (const e of artifact.files.edges) names.push(e.node.name);
    if (!artifact.files.pageInfo.hasNextPage || !artifact.files.pageInfo.endCursor) return names;
    after = artifact.files.pageInfo.endCursor;
  }
}
