/** Artifact version ops (`artifactVersion-*`, standard ops). */
import { filePathToType, fileType, list, maybe, typedDict, type Type } from '../../types/index.js';
import type { OpDeclaration } from '../opdef.js';
import { isPlainObject } from '../values.js';
import { PENDING } from './access.js';
import { backendMillis, docs, fieldOp, parseDict, pathOp, strArg, withFiles } from './common.js';
import { readField } from './gql.js';
import { refinable } from './oracle.js';
import { DomainObject, FileValue, artifactVersionName, projectPath } from './values.js';

const avArg = { artifactVersion: 'artifactVersion' as const };
const avDocs = { artifactVersion: 'An artifactVersion' };
const PAGE = ['artifactVersion'];

/** The file of an artifact version named by an entry path. */
export function versionFile(version: DomainObject, path: string): FileValue | null {
  const id = version.raw.id;
  return typeof id === 'string' ? new FileValue({ kind: 'artifact', artifactId: id, version }, path) : null;
}

const avField = (
  name: string,
  field: string,
  returnType: Type,
  what: string,
  opts: { hidden?: boolean; docPages?: string[]; map?: (v: unknown) => unknown } = {},
): OpDeclaration =>
  fieldOp({
    name,
    kind: 'standard',
    hidden: opts.hidden,
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field,
    returnType,
    map: opts.map,
    docs: docs(`Returns the ${what} of the artifactVersion`, avDocs, `The ${what} of the artifactVersion`),
    docPages: opts.docPages,
  });

const VERSION_TAG = /^v(\d+)$/;

/** The declared type of `.file(path)`: the file type the path names (null when it does not exist). */
const fileReturnType = refinable('artifactVersion-file', (_types, inputs) => {
  const p = inputs.path;
  if (p && p.nodeType === 'const' && typeof p.val === 'string') return filePathToType(p.val);
  return maybe(fileType());
});

const MEDIA_SUFFIXES = [
  'image-file',
  'video-file',
  'audio-file',
  'html-file',
  'bokeh-file',
  'object3D-file',
  'molecule-file',
  'pytorch-model-file',
  'table',
  'joined-table',
  'partitioned-table',
];

export const artifactVersionOps: OpDeclaration[] = [
  fieldOp({
    name: 'artifactVersion-name',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'versionIndex',
    returnType: 'string',
    map: (_v, av) => artifactVersionName(av.raw),
    docs: docs('Returns the name of the artifactVersion', avDocs, 'The name of the artifactVersion'),
    docPages: PAGE,
  }),
  avField('artifactVersion-state', 'state', 'string', 'state', { hidden: true }),
  avField('artifactVersion-digest', 'digest', 'string', 'digest', { hidden: true }),
  avField('artifactVersion-description', 'description', 'string', 'description', { hidden: true }),
  avField('artifactVersion-versionId', 'versionIndex', 'number', 'versionId', { docPages: PAGE }),
  avField('artifactVersion-id', 'id', 'string', 'id', { hidden: true }),
  avField('artifactVersion-size', 'size', 'number', 'size', { docPages: PAGE, map: (v) => (v == null ? null : Number(v)) }),
  fieldOp({
    name: 'artifactVersion-ttlDurationSeconds',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'ttlDurationSeconds',
    returnType: 'number',
    map: (v) => (v == null ? null : Number(v)),
    docs: docs(
      'Returns the original duration in seconds that a artifactVersion is expected to live for before it gets deleted',
      avDocs,
      'The original duration in seconds that an artifactVersion is expected to live for before it gets deleted',
    ),
  }),
  fieldOp({
    name: 'artifactVersion-ttlIsInherited',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'ttlIsInherited',
    returnType: 'boolean',
    docs: docs('Returns if the artifact TTL is inherited artifactVersion', avDocs, 'Returns if the artifact TTL is inherited artifactVersion'),
  }),
  fieldOp({
    name: 'artifactVersion-createdAt',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'createdAt',
    returnType: { type: 'timestamp', unit: 'ms' },
    map: backendMillis,
    docs: docs(
      'Returns the datetime at which the artifactVersion was created',
      avDocs,
      'The datetime at which the artifactVersion was created',
    ),
    docPages: PAGE,
  }),
  fieldOp({
    name: 'artifactVersion-fileCount',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'fileCount',
    returnType: 'number',
    map: (v) => (v == null ? null : Number(v)),
    docs: docs('Returns the file count of the artifact artifactVersion', avDocs, 'Returns the file count of the artifact artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-files',
    kind: 'standard',
    argTypes: avArg,
    steps: [{ field: 'files', type: 'File', kind: null, many: 'connection' }],
    returnType: list(fileType()),
    map: (nodes, inputs) => {
      const av = inputs.artifactVersion;
      if (!(av instanceof DomainObject) || !Array.isArray(nodes)) return null;
      return nodes.flatMap((n) => (isPlainObject(n) && typeof n.name === 'string' ? [versionFile(av, n.name)] : []));
    },
    docs: docs('Returns the list of files of the artifactVersion', avDocs, 'The list of files of the artifactVersion'),
    docPages: PAGE,
  }),
  fieldOp({
    name: 'artifactVersion-isGenerated',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'isGenerated',
    returnType: 'boolean',
    docs: docs('Returns if the artifact is system-generated artifactVersion', avDocs, 'Returns if the artifact is system-generated artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-defaultFile',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'files', type: 'File', kind: null, many: 'connection' }],
    returnType: maybe(fileType()),
    map: (nodes, inputs) => {
      const av = inputs.artifactVersion;
      if (!(av instanceof DomainObject) || !Array.isArray(nodes)) return null;
      let main: string | null = null;
      let backup: string | null = null;
      for (const n of nodes) {
        const path = isPlainObject(n) ? n.name : null;
        if (typeof path !== 'string' || path.includes('/')) continue;
        if (!MEDIA_SUFFIXES.some((s) => path.endsWith(`.${s}.json`))) continue;
        if (path.startsWith('index')) {
          main = path;
          break;
        }
        backup = path;
      }
      const target = main ?? backup;
      return target == null ? null : versionFile(av, target);
    },
    docs: docs('Returns the default file of the artifactVersion', avDocs, 'The default file of the artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-file',
    kind: 'standard',
    argTypes: { artifactVersion: 'artifactVersion', path: 'string' },
    steps: [
      {
        field: 'files',
        args: ({ path }) => (strArg(path) == null ? null : { names: [strArg(path) as string] }),
        type: 'File',
        kind: null,
        many: 'connection',
      },
    ],
    returnType: fileReturnType,
    map: (nodes, inputs) => {
      const av = inputs.artifactVersion;
      const path = strArg(inputs.path);
      if (!(av instanceof DomainObject) || path == null || !Array.isArray(nodes)) return null;
      // A missing file is null, not an error.
      return nodes.some((n) => isPlainObject(n) && n.name === path) ? versionFile(av, path) : null;
    },
    docs: docs(
      'Returns the file of the artifactVersion for the given path',
      { artifactVersion: 'An artifactVersion', path: 'The path of the file' },
      'The file of the artifactVersion for the given path',
    ),
    docPages: PAGE,
  }),
  avField('artifactVersion-referenceCount', 'usedCount', 'number', 'count of references', { hidden: true }),
  pathOp({
    name: 'artifactVersion-usedBy',
    kind: 'standard',
    argTypes: avArg,
    steps: [{ field: 'usedBy', type: 'Run', kind: 'run', many: 'connection' }],
    returnType: list('run'),
    docs: docs('Returns the runs that use the artifactVersion', avDocs, 'The runs that use the artifactVersion'),
    docPages: PAGE,
  }),
  pathOp({
    name: 'artifactVersion-createdBy',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'createdBy', type: 'Run', kind: 'run', on: 'Run' }],
    returnType: maybe('run'),
    docs: docs('Returns the run that created the artifactVersion', avDocs, 'The run that created the artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-createdByUser',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'createdBy', type: 'User', kind: 'user', on: 'User' }],
    returnType: maybe('user'),
    docs: docs('Returns the user that created the artifactVersion', avDocs, 'The user that created the artifactVersion'),
  }),
  fieldOp({
    name: 'artifactVersion-metadata',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'metadata',
    returnType: refinable('artifactVersion-metadata', () => typedDict({})),
    map: (text, _av, data) => withFiles(parseDict(text, data), null),
    docs: docs('Returns the artifactVersion metadata dictionary', avDocs, 'The artifactVersion metadata dictionary'),
    docPages: PAGE,
  }),
  pathOp({
    name: 'artifactVersion-aliases',
    kind: 'standard',
    argTypes: { artifactVersion: 'artifactVersion', hideVersions: maybe('boolean') },
    steps: [{ field: 'aliases', type: 'ArtifactAlias', kind: 'artifactAlias', many: 'list' }],
    returnType: list('artifactAlias'),
    map: (aliases, inputs) => {
      if (!Array.isArray(aliases)) return aliases ?? null;
      const hide = inputs.hideVersions === true;
      return aliases.filter((a) => a instanceof DomainObject && (!hide || !VERSION_TAG.test(String(a.raw.alias))));
    },
    docs: docs(
      'Returns the aliases for a artifactVersion',
      { artifactVersion: 'An artifactVersion', hideVersions: 'Whether to leave out the version tags (v0, v1, …); optional' },
      'The aliases for a artifactVersion',
    ),
    docPages: PAGE,
  }),
  fieldOp({
    name: 'artifactVersion-link',
    kind: 'standard',
    arg: 'artifactVersion',
    argType: 'artifactVersion',
    field: 'commitHash',
    extraFields: [
      { field: 'artifactType', type: 'ArtifactType', fields: ['id', 'name'] },
      {
        field: 'artifactSequence',
        type: 'ArtifactSequence',
        fields: ['id', 'name', { field: 'project', type: 'Project', fields: ['id', 'name', 'entityName'] }],
      },
    ],
    returnType: 'link',
    map: (commitHash, av, data) => {
      const name = artifactVersionName(av.raw);
      const seq = isPlainObject(av.raw.artifactSequence) ? av.raw.artifactSequence : null;
      const project = seq && isPlainObject(seq.project) ? seq.project : null;
      const type = readField(av, 'artifactType', data);
      const typeName = type !== PENDING && isPlainObject(type) ? type.name : null;
      const path = project
        ? { entity: String(project.entityName), project: String(project.name) }
        : projectPath(av);
      const url =
        path && seq && typeof typeName === 'string'
          ? `/${path.entity}/${path.project}/artifacts/${encodeURIComponent(typeName)}/${encodeURIComponent(String(seq.name))}/${String(commitHash)}`
          : null;
      return { name, url };
    },
    docs: docs('Returns the url for a artifactVersion', { artifactVersion: 'An artifactVersion' }, 'The url for a artifactVersion'),
    docPages: PAGE,
  }),
  avField('artifactVersion-hash', 'commitHash', 'string', 'hash', { hidden: true }),
  pathOp({
    name: 'artifactVersion-artifactSequence',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'artifactSequence', type: 'ArtifactSequence', kind: 'artifact' }],
    returnType: 'artifact',
    docs: docs('Returns the artifactSequence for a artifactVersion', avDocs, 'The artifactSequence for a artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-artifactType',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'artifactType', type: 'ArtifactType', kind: 'artifactType' }],
    returnType: 'artifactType',
    docs: docs('Returns the type for a artifactVersion', avDocs, 'The type for a artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-artifactCollections',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'artifactCollections', type: 'ArtifactCollection', kind: 'artifact', many: 'connection' }],
    returnType: list('artifact'),
    docs: docs('Returns the collections of the artifactVersion', avDocs, 'The collections of the artifactVersion'),
  }),
  pathOp({
    name: 'artifactVersion-memberships',
    kind: 'standard',
    hidden: true,
    argTypes: avArg,
    steps: [{ field: 'artifactMemberships', type: 'ArtifactCollectionMembership', kind: 'artifactMembership', many: 'connection' }],
    returnType: list('artifactMembership'),
    docs: docs('Returns the memberships of the artifactVersion', avDocs, 'The memberships of the artifactVersion'),
  }),
  avField('artifactVersion-historyStep', 'historyStep', maybe('number'), 'history step', {
    hidden: true,
    map: (v) => (v == null ? null : Number(v)),
  }),
];

