/**
 * Root ops: function-form calls that fetch an object from the API by name —
 * `project(entity, name)`, `entity(name)`, `user(name)`, `artifactVersion(entity, project,
 * type, "name:alias")` — and the instance-wide listings. A name that does not exist gives null
 * (with a note), never an error.
 */
import { list } from '../../types/index.js';
import type { OpDeclaration } from '../opdef.js';
import { docs, pathOp, strArg } from './common.js';
import type { WandbData } from './access.js';

const FUNCTION = { type: 'function' } as const;
const entityNameDoc = 'The name of a user or org';
const projectNameDoc = 'The name of the project';

/** A note for a root object that does not exist. */
function notFound(describe: (inputs: Readonly<Record<string, unknown>>) => string) {
  return (inputs: Readonly<Record<string, unknown>>, data: WandbData): void => {
    data.note({ code: 'not-found', message: `${describe(inputs)} was not found` });
  };
}

export const rootOps: OpDeclaration[] = [
  pathOp({
    name: 'root-entity',
    kind: 'standard-tag',
    hidden: true,
    root: true,
    renderInfo: FUNCTION,
    argTypes: { entityName: 'string' },
    steps: [
      {
        field: 'entity',
        args: ({ entityName }) => (strArg(entityName) == null ? null : { name: strArg(entityName) }),
        type: 'Entity',
        kind: 'entity',
      },
    ],
    returnType: 'entity',
    docs: docs('Directly fetch a entity by name', { entityName: entityNameDoc }, 'A entity'),
    onMissing: notFound((i) => `entity ${String(i.entityName)}`),
  }),
  pathOp({
    name: 'root-project',
    kind: 'standard-tag',
    root: true,
    renderInfo: FUNCTION,
    argTypes: { entityName: 'string', projectName: 'string' },
    steps: [
      {
        field: 'project',
        args: ({ entityName, projectName }) => {
          const e = strArg(entityName);
          const p = strArg(projectName);
          return e == null || p == null ? null : { name: p, entityName: e };
        },
        type: 'Project',
        kind: 'project',
      },
    ],
    returnType: 'project',
    docs: docs('Directly fetch a project', { entityName: entityNameDoc, projectName: projectNameDoc }, 'A project'),
    onMissing: notFound((i) => `project ${String(i.entityName)}/${String(i.projectName)}`),
  }),
  pathOp({
    name: 'root-artifactVersion',
    kind: 'raw',
    hidden: true,
    root: true,
    renderInfo: FUNCTION,
    argTypes: { entityName: 'string', projectName: 'string', artifactTypeName: 'string', artifactVersionName: 'string' },
    steps: [
      {
        field: 'project',
        args: ({ entityName, projectName }) => {
          const e = strArg(entityName);
          const p = strArg(projectName);
          return e == null || p == null ? null : { name: p, entityName: e };
        },
        type: 'Project',
        kind: 'project',
      },
      {
        field: 'artifactType',
        args: ({ artifactTypeName }) => (strArg(artifactTypeName) == null ? null : { name: strArg(artifactTypeName) }),
        type: 'ArtifactType',
        kind: 'artifactType',
      },
      {
        field: 'artifact',
        args: ({ artifactVersionName }) => (strArg(artifactVersionName) == null ? null : { name: strArg(artifactVersionName) }),
        type: 'Artifact',
        kind: 'artifactVersion',
      },
    ],
    returnType: 'artifactVersion',
    docs: docs(
      'Directly fetch a artifactVersion',
      {
        entityName: entityNameDoc,
        projectName: projectNameDoc,
        artifactTypeName: 'The type name of the artifactType',
        artifactVersionName: 'The version name of the artifact: `<ArtifactName>:<version>`',
      },
      'A artifactVersion',
    ),
    onMissing: notFound((i) =>
    `artifact version ${String(i.entityName)}/${String(i.projectName)}/${String(i.artifactVersionName)} (type ${String(i.artifactTypeName)})`),
  }),
  pathOp({
    name: 'root-user',
    kind: 'raw',
    hidden: true,
    root: true,
    renderInfo: FUNCTION,
    argTypes: { userName: 'string' },
    steps: [
      {
        field: 'user',
        args: ({ userName }) => (strArg(userName) == null ? null : { userName: strArg(userName) }),
        type: 'User',
        kind: 'user',
      },
    ],
    returnType: 'user',
    docs: docs('Directly fetch a user', { userName: 'The name of the user' }, 'A user'),
    onMissing: notFound((i) => `user ${String(i.userName)}`),
  }),
  pathOp({
    name: 'root-viewer',
    kind: 'raw',
    hidden: true,
    root: true,
    argTypes: {},
    steps: [{ field: 'viewer', type: 'User', kind: 'user' }],
    returnType: 'user',
    docs: docs('Directly fetch the current user', {}, 'Current user'),
  }),
  pathOp({
    name: 'root-allProjects',
    kind: 'raw',
    hidden: true,
    root: true,
    renderInfo: FUNCTION,
    argTypes: {},
    steps: [
      { field: 'instance', type: 'ServerInstance', kind: 'instance' },
      { field: 'projects', type: 'Project', kind: 'project', many: 'connection' },
    ],
    returnType: list('project'),
    docs: docs('Directly fetch all visible projects - only available in local W&B deployments', {}, 'A list of all visible projects'),
  }),
  pathOp({
    name: 'root-allArtifacts',
    kind: 'raw',
    hidden: true,
    root: true,
    renderInfo: FUNCTION,
    argTypes: {},
    steps: [
      { field: 'instance', type: 'ServerInstance', kind: 'instance' },
      { field: 'artifactSequences', type: 'ArtifactSequence', kind: 'artifact', many: 'connection' },
    ],
    returnType: list('artifact'),
    docs: docs('Directly fetch all artifacts - only available in local W&B deployments', {}, 'A list of artifacts'),
  }),
  pathOp({
    name: 'root-allEntities',
    kind: 'raw',
    hidden: true,
    root: true,
    renderInfo: FUNCTION,
    argTypes: {},
    steps: [
      { field: 'instance', type: 'ServerInstance', kind: 'instance' },
      { field: 'entities', type: 'Entity', kind: 'entity', many: 'list' },
    ],
    returnType: list('entity'),
    docs: docs('Directly fetch all entities - only available in local W&B deployments', {}, 'A list of entities'),
  }),
];

