/**
 * Artifact types (`artifactType-*`), artifacts — the collections a version belongs to —
 * (`artifact-*`), their aliases and memberships. All standard ops (mapped, not tagging).
 */
import { list, maybe, typedDict } from '../../types/index.js';
import type { OpDeclaration } from '../opdef.js';
import { backendDate, docs, fieldOp, pathOp, strArg } from './common.js';
import { readField } from './gql.js';
import { PENDING } from './access.js';
import { projectPath } from './values.js';
import { isPlainObject } from '../values.js';

const typeArg = { artifactType: 'artifactType' as const };

export const artifactTypeOps: OpDeclaration[] = [
  fieldOp({
    name: 'artifactType-name',
    kind: 'standard',
    arg: 'artifactType',
    argType: 'artifactType',
    field: 'name',
    returnType: 'string',
    docs: docs('Returns the name of the artifactType', { artifactType: 'A artifactType' }, 'The name of the artifactType'),
    docPages: ['artifactType'],
  }),
  pathOp({
    name: 'artifactType-artifacts',
    kind: 'standard',
    argTypes: typeArg,
    steps: [{ field: 'artifactCollections', type: 'ArtifactCollection', kind: 'artifact', many: 'connection' }],
    returnType: list('artifact'),
    docs: docs('Returns the artifacts of the artifactType', { artifactType: 'An artifactType' }, 'The artifacts of the artifactType'),
    docPages: ['artifactType'],
  }),
  pathOp({
    name: 'artifactType-sequences',
    kind: 'standard',
    hidden: true,
    argTypes: typeArg,
    steps: [{ field: 'artifactSequences', type: 'ArtifactSequence', kind: 'artifact', many: 'connection' }],
    returnType: list('artifact'),
    docs: docs('Returns the artifact sequences of the artifactType', { artifactType: 'An artifactType' }, 'The artifact sequences of the artifactType'),
  }),
  pathOp({
    name: 'artifactType-portfolios',
    kind: 'standard',
    hidden: true,
    argTypes: typeArg,
    steps: [
      {
        field: 'artifactCollections',
        args: () => ({ collectionTypes: [{ enum: 'PORTFOLIO' }] }),
        type: 'ArtifactCollection',
        kind: 'artifact',
        many: 'connection',
      },
    ],
    returnType: list('artifact'),
    docs: docs('Returns the portfolios of the artifactType', { artifactType: 'An artifactType' }, 'The portfolios of the artifactType'),
  }),
  pathOp({
    name: 'artifactType-artifactVersions',
    kind: 'standard',
    argTypes: typeArg,
    steps: [
      { field: 'artifactCollections', type: 'ArtifactCollection', kind: 'artifact', many: 'connection' },
      { field: 'artifacts', type: 'Artifact', kind: 'artifactVersion', many: 'connection' },
    ],
    returnType: list('artifactVersion'),
    docs: docs(
      'Returns the artifactVersions of all artifacts of the artifactType',
      { artifactType: 'A artifactType' },
      'The artifactVersions of all artifacts of the artifactType',
    ),
    docPages: ['artifactType'],
  }),
];

const artifactArg = { artifact: 'artifact' as const };
const artifactDocs = { artifact: 'An artifact' };

export const artifactOps: OpDeclaration[] = [
  fieldOp({
    name: 'artifact-id',
    kind: 'standard',
    hidden: true,
    arg: 'artifact',
    argType: 'artifact',
    field: 'id',
    returnType: 'string',
    docs: docs('Returns the id of the artifact', artifactDocs, 'The id of the artifact'),
  }),
  fieldOp({
    name: 'artifact-name',
    kind: 'standard',
    arg: 'artifact',
    argType: 'artifact',
    field: 'name',
    returnType: 'string',
    docs: docs('Returns the name of the artifact', artifactDocs, 'The name of the artifact'),
    docPages: ['artifact'],
  }),
  fieldOp({
    name: 'artifact-description',
    kind: 'standard',
    hidden: true,
    arg: 'artifact',
    argType: 'artifact',
    field: 'description',
    returnType: 'string',
    docs: docs('Returns the description of the artifact', artifactDocs, 'The description of the artifact'),
  }),
  pathOp({
    name: 'artifact-aliases',
    kind: 'standard',
    hidden: true,
    argTypes: artifactArg,
    steps: [{ field: 'aliases', type: 'ArtifactAlias', kind: 'artifactAlias', many: 'connection' }],
    returnType: list('artifactAlias'),
    docs: docs('Returns the aliases of the artifact', artifactDocs, 'The aliases of the artifact'),
  }),
  pathOp({
    name: 'artifact-type',
    kind: 'standard',
    hidden: true,
    argTypes: artifactArg,
    steps: [{ field: 'defaultArtifactType', type: 'ArtifactType', kind: 'artifactType' }],
    returnType: maybe('artifactType'),
    docs: docs('Returns the type of the artifact', artifactDocs, 'The type of the artifact'),
  }),
  pathOp({
    name: 'artifact-versions',
    kind: 'standard',
    argTypes: artifactArg,
    steps: [{ field: 'artifacts', type: 'Artifact', kind: 'artifactVersion', many: 'connection' }],
    returnType: list('artifactVersion'),
    docs: docs('Returns the versions of the artifact', artifactDocs, 'The versions of the artifact'),
    docPages: ['artifact'],
  }),
  pathOp({
    name: 'artifact-lastMembership',
    kind: 'standard',
    hidden: true,
    argTypes: artifactArg,
    steps: [
      {
        field: 'artifactMemberships',
        type: 'ArtifactCollectionMembership',
        kind: 'artifactMembership',
        many: 'connection',
        fixedFirst: 1,
      },
    ],
    returnType: 'artifactMembership',
    map: (v) => (Array.isArray(v) ? (v[0] ?? null) : null),
    docs: docs('Returns the last membership of the artifact', artifactDocs, 'The last membership of the artifact'),
  }),
  fieldOp({
    name: 'artifact-createdAt',
    kind: 'standard',
    hidden: true,
    arg: 'artifact',
    argType: 'artifact',
    field: 'createdAt',
    returnType: 'date',
    map: backendDate,
    docs: docs('Returns the creation date of the artifact', artifactDocs, 'The creation date of the artifact'),
  }),
  pathOp({
    name: 'artifact-project',
    kind: 'standard',
    hidden: true,
    argTypes: artifactArg,
    steps: [{ field: 'project', type: 'Project', kind: 'project' }],
    returnType: 'project',
    docs: docs('Returns the project of the artifact', artifactDocs, 'The project of the artifact'),
  }),
  fieldOp({
    name: 'artifact-link',
    kind: 'standard',
    arg: 'artifact',
    argType: 'artifact',
    field: 'name',
    extraFields: [
      { field: 'project', type: 'Project', fields: ['id', 'name', 'entityName'] },
      { field: 'defaultArtifactType', type: 'ArtifactType', fields: ['id', 'name'] },
    ],
    returnType: 'link',
    map: (name, artifact, data) => {
      const path = projectPath(artifact);
      const type = readField(artifact, 'defaultArtifactType', data);
      const typeName = type !== PENDING && isPlainObject(type) ? type.name : null;
      const url =
        path && typeof typeName === 'string' && typeof name === 'string'
          ? `/${path.entity}/${path.project}/artifacts/${encodeURIComponent(typeName)}/${encodeURIComponent(name)}`
          : null;
      return { name: name ?? null, url };
    },
    docs: docs('Returns the url for a artifact', { artifact: 'An artifact' }, 'The url for a artifact'),
    docPages: ['artifact'],
  }),
  pathOp({
    name: 'artifact-memberships',
    kind: 'standard',
    hidden: true,
    argTypes: artifactArg,
    steps: [{ field: 'artifactMemberships', type: 'ArtifactCollectionMembership', kind: 'artifactMembership', many: 'connection' }],
    returnType: list('artifactMembership'),
    docs: docs('Returns the memberships of the artifact', artifactDocs, 'The memberships of the artifact'),
  }),
  pathOp({
    name: 'artifact-membershipForAlias',
    kind: 'standard',
    hidden: true,
    argTypes: { artifact: 'artifact', aliasName: 'string' },
    steps: [
      {
        field: 'artifactMembership',
        args: ({ aliasName }) => (strArg(aliasName) == null ? null : { aliasName: strArg(aliasName) }),
        type: 'ArtifactCollectionMembership',
        kind: 'artifactMembership',
      },
    ],
    returnType: 'artifactMembership',
    docs: docs(
      'Returns the membership of the artifact for an alias',
      { artifact: 'An artifact', aliasName: 'The alias' },
      'The membership of the artifact for the alias',
    ),
  }),
  fieldOp({
    name: 'artifact-isPortfolio',
    kind: 'standard',
    hidden: true,
    arg: 'artifact',
    argType: 'artifact',
    field: '__typename',
    returnType: 'boolean',
    map: (t) => t === 'ArtifactPortfolio',
    docs: docs('Returns whether the artifact is a portfolio', artifactDocs, 'Whether the artifact is a portfolio'),
  }),
  pathOp({
    name: 'artifact-rawTags',
    kind: 'standard',
    hidden: true,
    argTypes: artifactArg,
    steps: [{ field: 'tags', type: 'Tag', kind: null, many: 'connection', fields: ['id', 'name', 'tagCategoryName', 'attributes'] }],
    returnType: list(typedDict({ id: 'string', name: 'string', tagCategoryName: 'string', attributes: 'string' })),
    docs: docs('Returns the tags of the artifact', artifactDocs, 'The tags of the artifact'),
  }),
];

const aliasArg = { artifactAlias: 'artifactAlias' as const };

export const artifactAliasOps: OpDeclaration[] = [
  fieldOp({
    name: 'artifactAlias-alias',
    kind: 'standard',
    hidden: true,
    arg: 'artifactAlias',
    argType: 'artifactAlias',
    field: 'alias',
    returnType: 'string',
    docs: docs('Returns the name of the alias', { artifactAlias: 'An artifactAlias' }, 'The name of the alias'),
  }),
  pathOp({
    name: 'artifactAlias-artifact',
    kind: 'standard',
    hidden: true,
    argTypes: aliasArg,
    steps: [{ field: 'artifactCollection', type: 'ArtifactCollection', kind: 'artifact' }],
    returnType: 'artifact',
    docs: docs('Returns the artifact of the alias', { artifactAlias: 'An artifactAlias' }, 'The artifact of the alias'),
  }),
];

const membershipArg = { artifactMembership: 'artifactMembership' as const };
const membershipDocs = { artifactMembership: 'An artifactMembership' };

export const artifactMembershipOps: OpDeclaration[] = [
  fieldOp({
    name: 'artifactMembership-id',
    kind: 'standard',
    hidden: true,
    arg: 'artifactMembership',
    argType: 'artifactMembership',
    field: 'id',
    returnType: 'string',
    docs: docs('Returns the id of the artifactMembership', membershipDocs, 'The id of the artifactMembership'),
  }),
  pathOp({
    name: 'artifactMembership-collection',
    kind: 'standard',
    hidden: true,
    argTypes: membershipArg,
    steps: [{ field: 'artifactCollection', type: 'ArtifactCollection', kind: 'artifact' }],
    returnType: 'artifact',
    docs: docs('Returns the collection of the artifactMembership', membershipDocs, 'The collection of the artifactMembership'),
  }),
  pathOp({
    name: 'artifactMembership-artifactVersion',
    kind: 'standard',
    hidden: true,
    argTypes: membershipArg,
    steps: [{ field: 'artifact', type: 'Artifact', kind: 'artifactVersion' }],
    returnType: 'artifactVersion',
    docs: docs('Returns the artifactVersion of the artifactMembership', membershipDocs, 'The artifactVersion of the artifactMembership'),
  }),
  fieldOp({
    name: 'artifactMembership-createdAt',
    kind: 'standard',
    hidden: true,
    arg: 'artifactMembership',
    argType: 'artifactMembership',
    field: 'createdAt',
    returnType: 'date',
    map: backendDate,
    docs: docs('Returns the creation date of the artifactMembership', membershipDocs, 'The creation date of the artifactMembership'),
  }),
  fieldOp({
    name: 'artifactMembership-commitHash',
    kind: 'standard',
    hidden: true,
    arg: 'artifactMembership',
    argType: 'artifactMembership',
    field: 'commitHash',
    returnType: 'string',
    docs: docs('Returns the commit hash of the artifactMembership', membershipDocs, 'The commit hash of the artifactMembership'),
  }),
  fieldOp({
    name: 'artifactMembership-versionIndex',
    kind: 'standard',
    hidden: true,
    arg: 'artifactMembership',
    argType: 'artifactMembership',
    field: 'versionIndex',
    returnType: 'number',
    docs: docs('Returns the version index of the artifactMembership', membershipDocs, 'The version index of the artifactMembership'),
  }),
  pathOp({
    name: 'artifactMembership-aliases',
    kind: 'standard',
    hidden: true,
    argTypes: membershipArg,
    steps: [{ field: 'aliases', type: 'ArtifactAlias', kind: 'artifactAlias', many: 'list' }],
    returnType: list('artifactAlias'),
    docs: docs('Returns the aliases of the artifactMembership', membershipDocs, 'The aliases of the artifactMembership'),
  }),
];
