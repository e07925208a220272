/** Entity ops (`entity-*`, tagging) and user ops (`user-*`, standard). */
import { list, typedDict } from '../../types/index.js';
import type { OpDeclaration } from '../opdef.js';
import { docs, fieldOp, pathOp } from './common.js';

const entityArg = { entity: 'entity' as const };
const entityArgDocs = { entity: 'A entity' };

export const entityOps: OpDeclaration[] = [
  fieldOp({
    name: 'entity-internalId',
    kind: 'standard-tag',
    hidden: true,
    arg: 'entity',
    argType: 'entity',
    field: 'id',
    returnType: 'string',
    docs: docs('Returns the internalId of the entity', entityArgDocs, 'The internalId of the entity'),
  }),
  fieldOp({
    name: 'entity-name',
    kind: 'standard-tag',
    arg: 'entity',
    argType: 'entity',
    field: 'name',
    returnType: 'string',
    docs: docs('Returns the name of the entity', entityArgDocs, 'The name of the entity'),
    docPages: ['entity'],
  }),
  fieldOp({
    name: 'entity-isTeam',
    kind: 'standard-tag',
    hidden: true,
    arg: 'entity',
    argType: 'entity',
    field: 'isTeam',
    returnType: 'boolean',
    docs: docs('Returns whether the entity is a team', entityArgDocs, 'Whether the entity is a team'),
  }),
  fieldOp({
    name: 'entity-link',
    kind: 'standard-tag',
    arg: 'entity',
    argType: 'entity',
    field: 'name',
    returnType: 'link',
    map: (name) => ({ name: name ?? null, url: `/${String(name)}` }),
    docs: docs('Returns the link of the entity', entityArgDocs, 'The link of the entity'),
    docPages: ['entity'],
  }),
  pathOp({
    name: 'entity-projects',
    kind: 'standard-tag',
    hidden: true,
    argTypes: entityArg,
    steps: [{ field: 'projects', type: 'Project', kind: 'project', many: 'connection' }],
    returnType: list('project'),
    docs: docs('Returns the projects of the entity', entityArgDocs, 'The projects of the entity'),
  }),
  pathOp({
    name: 'entity-portfolios',
    kind: 'standard-tag',
    hidden: true,
    argTypes: entityArg,
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
    docs: docs('Returns the artifact portfolios of the entity', entityArgDocs, 'The artifact portfolios of the entity'),
  }),
  fieldOp({
    name: 'entity-artifactTTLDurationSeconds',
    kind: 'standard-tag',
    hidden: true,
    arg: 'entity',
    argType: 'entity',
    field: 'artifactTTLDurationSeconds',
    returnType: 'number',
    docs: docs(
      'Returns the default artifact time-to-live of the entity, in seconds',
      entityArgDocs,
      'The default artifact time-to-live of the entity, in seconds',
    ),
  }),
];

const userArg = { user: 'user' as const };
const userArgDocs = { user: 'A user' };

const userField = (name: string, field: string, what: string, hidden: boolean, docPages: string[] = []): OpDeclaration =>
  fieldOp({
    name,
    kind: 'standard',
    hidden,
    arg: 'user',
    argType: 'user',
    field,
    returnType: 'string',
    docs: docs(`Returns the ${what} of the user`, userArgDocs, `The ${what} of the user`),
    docPages,
  });

export const userOps: OpDeclaration[] = [
  userField('user-id', 'id', 'internal id', true),
  userField('user-username', 'username', 'username', false, ['user']),
  userField('user-name', 'name', 'name', true),
  userField('user-email', 'email', 'email', true),
  fieldOp({
    name: 'user-userInfo',
    kind: 'standard',
    hidden: true,
    arg: 'user',
    argType: 'user',
    field: 'userInfo',
    returnType: typedDict({}),
    map: (v, _u, data) => (typeof v === 'string' ? data.parseJson(v) : (v ?? null)),
    docs: docs('Returns the userInfo of the user', userArgDocs, 'The userInfo of the user'),
  }),
  fieldOp({
    name: 'user-link',
    kind: 'standard',
    hidden: true,
    arg: 'user',
    argType: 'user',
    field: 'name',
    extraFields: ['username'],
    returnType: 'link',
    map: (name, user) => ({ name: name ?? null, url: `/${String(user.raw.username)}` }),
    docs: docs('Returns the link to the user', userArgDocs, 'The link to the user'),
  }),
  pathOp({
    name: 'user-runs',
    kind: 'standard',
    hidden: true,
    argTypes: userArg,
    steps: [{ field: 'runs', type: 'Run', kind: 'run', many: 'connection' }],
    returnType: list('run'),
    docs: docs('Returns the list of runs for the user', userArgDocs, 'The list of runs for the user'),
  }),
  pathOp({
    name: 'user-entities',
    kind: 'standard',
    hidden: true,
    argTypes: userArg,
    steps: [{ field: 'teams', type: 'Entity', kind: 'entity', many: 'connection' }],
    returnType: list('entity'),
    docs: docs('Returns the list of entities for the user', userArgDocs, 'The list of entities for the user'),
  }),
];
