/** Project ops (`project-*`, tagging: every result is tagged with its project) and the `.project` tag getter. */
import { list } from '../../types/index.js';
import type { OpDeclaration } from '../opdef.js';
import type { WandbData } from './access.js';
import { backendDate, docs, fieldOp, pathOp, strArg } from './common.js';
import { DomainObject } from './values.js';

/** A note for a named object a project does not have (the op answers null). */
function notIn(what: string, name: (inputs: Readonly<Record<string, unknown>>) => string) {
  return (inputs: Readonly<Record<string, unknown>>, data: WandbData): void => {
    const p = inputs.project;
    const where = p instanceof DomainObject ? ` in ${String(p.raw.entityName)}/${String(p.raw.name)}` : '';
    data.note({ code: 'not-found', message: `${what} ${name(inputs)} was not found${where}` });
  };
}

const projectArg = { project: 'project' as const };
const projectArgDocs = { project: 'A project' };
const PAGE = ['project'];

const projectTag: OpDeclaration = {
  name: 'tag-project',
  kind: 'tag-getter',
  tagName: 'project',
  tagType: 'project',
  argTypes: { obj: 'any' },
  ...docs('Returns the project a value came from', { obj: 'A value computed from a project' }, 'The project the value came from'),
  docPages: [],
};

export const projectOps: OpDeclaration[] = [
  projectTag,
  fieldOp({
    name: 'project-internalId',
    kind: 'standard-tag',
    hidden: true,
    arg: 'project',
    argType: 'project',
    field: 'id',
    returnType: 'string',
    docs: docs('Returns the internal id of the project', projectArgDocs, 'The internal id of the project'),
  }),
  pathOp({
    name: 'project-entity',
    kind: 'standard-tag',
    hidden: true,
    argTypes: projectArg,
    steps: [{ field: 'entity', type: 'Entity', kind: 'entity' }],
    returnType: 'entity',
    docs: docs('Returns the entity of the project', projectArgDocs, 'The entity of the project'),
  }),
  fieldOp({
    name: 'project-createdAt',
    kind: 'standard-tag',
    arg: 'project',
    argType: 'project',
    field: 'createdAt',
    returnType: 'date',
    map: backendDate,
    docs: docs('Returns the creation time of the project', projectArgDocs, 'The creation time of the project'),
    docPages: PAGE,
  }),
  fieldOp({
    name: 'project-updatedAt',
    kind: 'standard-tag',
    arg: 'project',
    argType: 'project',
    field: 'updatedAt',
    returnType: 'date',
    map: backendDate,
    docs: docs('Returns the update time of the project', projectArgDocs, 'The update time of the project'),
  }),
  fieldOp({
    name: 'project-name',
    // The reference's recorded type for `project("e", "p").name` is Tagged<{entityName,
    // projectName}, string>: the name keeps the project's tags but adds none of its own.
    kind: 'standard',
    arg: 'project',
    argType: 'project',
    field: 'name',
    returnType: 'string',
    docs: docs('Returns the name of the project', projectArgDocs, 'The name of the project'),
    docPages: PAGE,
  }),
  fieldOp({
    name: 'project-link',
    kind: 'standard-tag',
    hidden: true,
    arg: 'project',
    argType: 'project',
    field: 'name',
    extraFields: ['entityName'],
    returnType: 'link',
    map: (name, project) => ({ name: name ?? null, url: `/${String(project.raw.entityName)}/${String(name)}` }),
    docs: docs('Returns the link to the project', projectArgDocs, 'The link to the project'),
  }),
  pathOp({
    name: 'project-run',
    kind: 'standard-tag',
    hidden: true,
    argTypes: { project: 'project', runName: 'string' },
    steps: [{ field: 'run', args: ({ runName }) => (strArg(runName) == null ? null : { name: strArg(runName) }), type: 'Run', kind: 'run' }],
    returnType: 'run',
    onMissing: notIn('run', (i) => String(i.runName)),
    docs: docs(
      'Returns the run with the given name from a project',
      { project: 'A project', runName: 'The name of the run' },
      'The run with the given name from a project',
    ),
  }),
  pathOp({
    name: 'project-runs',
    kind: 'standard-tag',
    argTypes: projectArg,
    steps: [{ field: 'runs', type: 'Run', kind: 'run', many: 'connection' }],
    returnType: list('run'),
    docs: docs('Returns the runs from a project', projectArgDocs, 'The runs from a project'),
    docPages: PAGE,
  }),
  pathOp({
    name: 'project-filteredRuns',
    kind: 'standard-tag',
    hidden: true,
    argTypes: { project: 'project', filter: 'string', order: 'string' },
    steps: [
      {
        field: 'runs',
        args: ({ filter, order }) => {
          const f = strArg(filter);
          const o = strArg(order);
          const args: Record<string, string> = {};
          if (f != null && f !== '') args.filters = f;
          if (o != null && o !== '') args.order = o;
          return args;
        },
        type: 'Run',
        kind: 'run',
        many: 'connection',
      },
    ],
    returnType: list('run'),
    docs: docs(
      'Returns the runs from a project with a filter applied',
      { project: 'A project', filter: 'The filter to apply to the runs', order: 'The order to return the runs' },
      'The runs from a project with a filter applied',
    ),
  }),
  pathOp({
    name: 'project-artifactType',
    kind: 'standard-tag',
    argTypes: { project: 'project', artifactType: 'string' },
    steps: [
      {
        field: 'artifactType',
        args: ({ artifactType }) => (strArg(artifactType) == null ? null : { name: strArg(artifactType) }),
        type: 'ArtifactType',
        kind: 'artifactType',
      },
    ],
    returnType: 'artifactType',
    onMissing: notIn('artifact type', (i) => String(i.artifactType)),
    docs: docs(
      'Returns the artifactType for a given name within a project',
      { project: 'A project', artifactType: 'The name of the artifactType' },
      'The artifactType for a given name within a project',
    ),
    docPages: PAGE,
  }),
  pathOp({
    name: 'project-artifactTypes',
    kind: 'standard-tag',
    argTypes: projectArg,
    steps: [{ field: 'artifactTypes', type: 'ArtifactType', kind: 'artifactType', many: 'connection' }],
    returnType: list('artifactType'),
    docs: docs('Returns the artifactTypes for a project', projectArgDocs, 'The artifactTypes for a project'),
    docPages: PAGE,
  }),
  pathOp({
    name: 'project-artifact',
    kind: 'standard-tag',
    argTypes: { project: 'project', artifactName: 'string' },
    steps: [
      {
        field: 'artifactCollection',
        args: ({ artifactName }) => (strArg(artifactName) == null ? null : { name: strArg(artifactName) }),
        type: 'ArtifactCollection',
        kind: 'artifact',
      },
    ],
    returnType: 'artifact',
    onMissing: notIn('artifact', (i) => String(i.artifactName)),
    docs: docs(
      'Returns the artifact for a given name within a project',
      { project: 'A project', artifactName: 'The name of the artifact' },
      'The artifact for a given name within a project',
    ),
    docPages: PAGE,
  }),
  pathOp({
    name: 'project-artifactVersion',
    kind: 'standard-tag',
    argTypes: { project: 'project', artifactName: 'string', artifactVersionAlias: 'string' },
    steps: [
      {
        field: 'artifact',
        args: ({ artifactName, artifactVersionAlias }) => {
          const n = strArg(artifactName);
          const a = strArg(artifactVersionAlias);
          return n == null || a == null ? null : { name: `${n}:${a}` };
        },
        type: 'Artifact',
        kind: 'artifactVersion',
      },
    ],
    returnType: 'artifactVersion',
    onMissing: notIn('artifact version', (i) => `${String(i.artifactName)}:${String(i.artifactVersionAlias)}`),
    docs: docs(
      'Returns the artifactVersion for a given name and version within a project',
      {
        project: 'A project',
        artifactName: 'The name of the artifactVersion',
        artifactVersionAlias: 'The version alias of the artifactVersion',
      },
      'The artifactVersion for a given name and version within a project',
    ),
    docPages: PAGE,
  }),
  pathOp({
    name: 'project-artifacts',
    kind: 'standard-tag',
    hidden: true,
    argTypes: projectArg,
    steps: [{ field: 'artifactCollections', type: 'ArtifactCollection', kind: 'artifact', many: 'connection' }],
    returnType: list('artifact'),
    docs: docs('Returns the artifacts for a project', projectArgDocs, 'The artifacts for a project'),
  }),
  pathOp({
    name: 'project-runQueues',
    kind: 'standard-tag',
    hidden: true,
    argTypes: projectArg,
    steps: [{ field: 'runQueues', type: 'RunQueue', kind: 'runQueue', many: 'list' }],
    returnType: list('runQueue'),
    docs: docs('Returns the runQueues for a project', projectArgDocs, 'The runQueues for a project'),
  }),
];
