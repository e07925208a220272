/**
 * File ops (`file-*`): contents, size, digest, and a file read as a table (`file-table`,
 * tag-consuming: the table is tagged with its file, after the file's own tags), a joined table
 * or a partitioned table. File contents are read through the data layer (`Backend.readFile`),
 * never through GraphQL.
 */
import {
  fileType,
  isTaggedValue,
  maybe,
  taggedValue,
  withFileTag,
  type TableType,
  type Type,
} from '../../types/index.js';
import type { OpDeclaration, ResolverFn } from '../opdef.js';
import { taggableVal, tagValue } from '../values.js';
import { PENDING, wandbData, type Pending, type WandbData } from './access.js';
import { docs } from './common.js';
import { askOracle } from './oracle.js';
import { md5Base64 } from './md5.js';
import { readPath, type GqlStep } from './gql.js';
import { DomainObject, FileValue, JoinedTableValue, PartitionedTableValue, TableValue } from './values.js';

const fileArgDocs = { file: 'A file' };
const FILE_PAGE = ['file'];
const emptyTable: TableType = { type: 'table', columnTypes: {} };

/** Reads a file as a table value (null when missing, PENDING until fetched). */
export function readTableValue(file: FileValue, data: WandbData): TableValue | null | Pending {
  const t = data.readTable(file);
  if (t === PENDING || t == null) return t;
  return new TableValue(file, t.columns, t.data, t.columnTypes);
}

const fileResolver =
  (read: (file: FileValue, data: WandbData) => unknown): ResolverFn =>
  ({ file }, ctx) => {
    if (!(file instanceof FileValue)) return null;
    const v = read(file, wandbData(ctx));
    return v === PENDING ? null : (v ?? null);
  };

const fileTable: OpDeclaration = {
  name: 'file-table',
  kind: 'standard-tag-consuming',
  argTypes: { file: fileType() },
  returnType: (types, inputs) => {
    const table = (askOracle('file-table', inputs) as TableType | undefined) ?? emptyTable;
    const f = types.file as Type;
    return taggedValue(
      isTaggedValue(f) ? f.tag : null,
      withFileTag(maybe(table), fileType('json', emptyTable)),
    );
  },
  resolver: ({ file }, ctx) =>
    taggableVal(file, (f) => {
      if (!(f instanceof FileValue)) return null;
      const t = readTableValue(f, wandbData(ctx));
      if (t === PENDING) return null;
      return tagValue({ file: f }, t);
    }),
  ...docs('Returns the contents of the file as a table', fileArgDocs, 'The contents of the file as a table'),
  docPages: FILE_PAGE,
  gql: { kind: 'local' },
};

export const fileOps: OpDeclaration[] = [
  {
    name: 'file-path',
    kind: 'standard',
    hidden: true,
    argTypes: { file: fileType() },
    returnType: 'string',
    resolver: ({ file }) => (file instanceof FileValue ? file.path : null),
    ...docs('Returns the path of the file', fileArgDocs, 'The path of the file'),
    docPages: [],
    gql: { kind: 'local' },
  },
  {
    name: 'file-size',
    kind: 'standard',
    argTypes: { file: fileType() },
    returnType: maybe('number'),
    resolver: fileResolver((f, data) => {
      const b = data.readBytes(f);
      return b === PENDING || b == null ? b : b.length;
    }),
    ...docs('Returns the size of the file', fileArgDocs, 'The size of the file'),
    docPages: FILE_PAGE,
    gql: { kind: 'local' },
  },
  {
    name: 'file-digest',
    kind: 'standard',
    argTypes: { file: fileType() },
    returnType: maybe('string'),
    resolver: fileResolver((f, data) => {
      const b = data.readBytes(f);
      return b === PENDING || b == null ? b : md5Base64(b);
    }),
    ...docs('Returns the digest of the file', fileArgDocs, 'The digest of the file'),
    docPages: FILE_PAGE,
    gql: { kind: 'local' },
  },
  fileTable,
  {
    name: 'file-joinedTable',
    kind: 'standard',
    argTypes: { file: maybe(fileType('json', { type: 'joined-table', columnTypes: {} })) },
    returnType: maybe({ type: 'joined-table', columnTypes: {} }),
    resolver: fileResolver((f, data) => {
      const spec = data.readJoinedTable(f);
      if (spec === PENDING || spec == null) return spec;
      return new JoinedTableValue(f, spec.table1, spec.table2, spec.joinKey);
    }),
    ...docs('Returns the contents of the file as a joined-table', fileArgDocs, 'The contents of the file as a joined-table'),
    docPages: [],
    gql: { kind: 'local' },
  },
  {
    name: 'file-partitionedTable',
    kind: 'standard',
    argTypes: { file: maybe(fileType('json', { type: 'partitioned-table', columnTypes: {} })) },
    returnType: maybe({ type: 'partitioned-table', columnTypes: {} }),
    resolver: fileResolver((f, data) => {
      const spec = data.readPartitionedTable(f);
      if (spec === PENDING || spec == null) return spec;
      return new PartitionedTableValue(f, spec.partsPath);
    }),
    ...docs(
      'Returns the contents of the file as a partitioned-table',
      fileArgDocs,
      'The contents of the file as a partitioned-table',
    ),
    docPages: [],
    gql: { kind: 'local' },
  },
  {
    name: 'file-contents',
    kind: 'standard',
    argTypes: { file: fileType() },
    returnType: maybe('string'),
    resolver: fileResolver((f, data) => data.readText(f)),
    ...docs('Returns the contents of the file', fileArgDocs, 'The contents of the file'),
    docPages: FILE_PAGE,
    gql: { kind: 'local' },
  },
  {
    name: 'file-artifactVersion',
    kind: 'standard',
    hidden: true,
    argTypes: { file: fileType() },
    returnType: 'artifactVersion',
    resolver: ({ file }, ctx) => (file instanceof FileValue ? fileArtifactVersion(file, wandbData(ctx)) : null),
    ...docs('Returns the artifactVersion of the file', fileArgDocs, 'The artifactVersion of the file'),
    docPages: [],
    gql: { kind: 'fileVersion' },
  },
];

/** Steps to an artifact version by id from the query root (files found in data know only the id). */
export const VERSION_BY_ID: readonly GqlStep[] = [
  {
    field: 'artifact',
    args: ({ file }) => (file instanceof FileValue && file.location.kind === 'artifact' ? { id: file.location.artifactId } : null),
    type: 'Artifact',
    kind: 'artifactVersion',
  },
];

/** The artifact version a file belongs to (null for run files). */
export function fileArtifactVersion(file: FileValue, data: WandbData): DomainObject | null {
  if (file.location.kind !== 'artifact') return null;
  if (file.location.version) return file.location.version;
  const v = readPath(null, VERSION_BY_ID, { file }, data);
  return v instanceof DomainObject ? v : null;
}
