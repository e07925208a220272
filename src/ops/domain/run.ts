/**
 * Run ops (`run-*`, tagging: every result is tagged with its run) and the `.run` tag getter.
 *
 * Summary and config are JSON text in the API: parsed NaN-aware, `_wandb` removed, config
 * values unwrapped from `{value, desc}`, table references turned into files. Their types are
 * refined from data (`oracle.ts`). History rows come back in one of three shapes, as the
 * planner chose: whole rows (`history`), per-key columns zipped on `_step`
 * (`sampledHistory` + `historyLineCount`), or only the line count (when nothing but `count`
 * reads the rows).
 */
import { list, typedDict } from '../../types/index.js';
import type { OpDeclaration, ResolverFn } from '../opdef.js';
import { isPlainObject } from '../values.js';
import { PENDING, wandbData, type Pending, type WandbData } from './access.js';
import { responseKey, type GqlArgs } from './alias.js';
import {
  backendDate,
  docs,
  fieldOp,
  parseDict,
  pathOp,
  strArg,
  unwrapConfig,
  withFiles,
  withoutWandb,
} from './common.js';
import { readField, settle } from './gql.js';
import { refinable } from './oracle.js';
import { DomainObject, MISSING, projectPath } from './values.js';

const runArg = { run: 'run' as const };
const runArgDocs = { run: 'A run' };
const RUN_PAGE = ['run'];

/** Samples asked for when whole history rows are fetched (every row). */
export const HISTORY_ALL_SAMPLES = 2147483647;
/** Arguments of the `history` field that fetches whole rows. */
export const HISTORY_FULL_ARGS: GqlArgs = { samples: HISTORY_ALL_SAMPLES };

const runTag: OpDeclaration = {
  name: 'tag-run',
  kind: 'tag-getter',
  tagName: 'run',
  tagType: 'run',
  argTypes: { obj: 'any' },
  ...docs('Returns the run a value came from', { obj: 'A value computed from a run' }, 'The run the value came from'),
  docPages: [],
};

const date = (v: unknown): Date | null => backendDate(v);

// ---------------------------------------------------------------------------------------------
// Summary, config, history (also used by the type oracle)

/** The run's summary: parsed, without `_wandb`, table references as files. PENDING while not fetched. */
export function runSummary(run: DomainObject, data: WandbData): Record<string, unknown> | Pending {
  const text = readField(run, 'summaryMetrics', data);
  if (text === PENDING) return PENDING;
  return run.cached('summary', () => withFiles(withoutWandb(parseDict(text, data)), run));
}

/** The run's config: parsed, values unwrapped, without `_wandb`, table references as files. */
export function runConfig(run: DomainObject, data: WandbData): Record<string, unknown> | Pending {
  const text = readField(run, 'config', data);
  if (text === PENDING) return PENDING;
  return run.cached('config', () => withFiles(withoutWandb(unwrapConfig(parseDict(text, data))), run));
}

function stepOf(row: Record<string, unknown>): number {
  const s = row._step;
  return typeof s === 'number' ? s : Number.NaN;
}

/**
 * The run's history rows, from whichever shape was fetched. When per-key columns do not cover
 * every row (some rows hold none of the keys), whole rows are asked for instead: the rows of a
 * history never depend on which columns a query happens to read.
 */
export function runHistory(run: DomainObject, data: WandbData): Record<string, unknown>[] | Pending {
  const known = run.recall('history');
  if (known !== MISSING) return known as Record<string, unknown>[];
  const rows = historyRowsFromFields(run, data);
  if (rows !== PENDING) run.remember('history', rows);
  return rows;
}

function historyRowsFromFields(run: DomainObject, data: WandbData): Record<string, unknown>[] | Pending {
  const full = run.field(responseKey('history', HISTORY_FULL_ARGS));
  if (full !== MISSING) {
    if (!Array.isArray(full)) return [];
    return full.map((r) => withFiles(parseDict(r, data), run));
  }
  const sampled = run.field('sampledHistory');
  const count = run.field('historyLineCount');
  if (sampled !== MISSING) {
    const byStep = new Map<number, Record<string, unknown>>();
    const extra: Record<string, unknown>[] = [];
    for (const spec of Array.isArray(sampled) ? sampled : []) {
      if (!Array.isArray(spec)) continue;
      for (const row of spec) {
        if (!isPlainObject(row)) continue;
        const s = stepOf(row);
        if (Number.isNaN(s)) {
          extra.push(row);
          continue;
        }
        const into = byStep.get(s);
        if (into) {
          for (const k of Object.keys(row)) Object.defineProperty(into, k, { value: row[k], enumerable: true, writable: true, configurable: true });
        } else byStep.set(s, { ...row });
      }
    }
    const rows = [...byStep.keys()].sort((a, b) => a - b).map((s) => byStep.get(s) as Record<string, unknown>);
    rows.push(...extra);
    if (typeof count === 'number' && rows.length < count) {
      data.requestField(run, 'history', HISTORY_FULL_ARGS);
      return PENDING;
    }
    return rows.map((r) => withFiles(r, run));
  }
  if (count !== MISSING) {
    // Only the number of rows was needed (`history.count`): rows are placeholders.
    const n = typeof count === 'number' ? count : 0;
    return Array.from({ length: n }, (_, i) => ({ _step: i }));
  }
  data.requestField(run, 'history', HISTORY_FULL_ARGS);
  return PENDING;
}

// ---------------------------------------------------------------------------------------------
// Ops

const jsonOp = (
  name: 'run-summary' | 'run-config',
  field: 'summaryMetrics' | 'config',
  read: (run: DomainObject, data: WandbData) => Record<string, unknown> | Pending,
  what: string,
): OpDeclaration => {
  const resolver: ResolverFn = ({ run }, ctx) => {
    if (!(run instanceof DomainObject)) return null;
    return settle(read(run, wandbData(ctx)));
  };
  return {
    name,
    kind: 'standard-tag',
    argTypes: runArg,
    returnType: refinable(name, () => typedDict({})),
    resolver,
    gql: { kind: 'json', field, projectable: true },
    ...docs(`Returns the ${what} typedDict of the run`, runArgDocs, `The ${what} typedDict of the run`),
    docPages: RUN_PAGE,
  };
};

/**
 * The data capability under which the vectorized engine asks for a run's history held as columns
 * instead of its rows: a function of the run returning the held history, or undefined for rows.
 */
export const HISTORY_AS_COLUMNS = 'historyAsColumns';

const historyOp = (name: string, hidden: boolean): OpDeclaration => ({
  name,
  kind: 'standard-tag',
  hidden,
  argTypes: runArg,
  returnType: refinable(name, () => list(typedDict({}))),
  resolver: ({ run }, ctx) => {
    if (!(run instanceof DomainObject)) return null;
    const asColumns = ctx.data?.[HISTORY_AS_COLUMNS];
    const held = typeof asColumns === 'function' ? (asColumns as (run: DomainObject) => unknown)(run) : undefined;
    return held !== undefined ? held : settle(runHistory(run, wandbData(ctx)));
  },
  gql: { kind: 'history' },
  ...docs('Returns the log history of the run', runArgDocs, 'The log history of the run'),
  docPages: hidden ? [] : RUN_PAGE,
});

const loggedArtifactVersion = pathOp({
  name: 'run-loggedArtifactVersion',
  kind: 'standard-tag',
  argTypes: { run: 'run', artifactVersionName: 'string' },
  steps: [
    {
      field: 'outputArtifacts',
      type: 'Artifact',
      kind: 'artifactVersion',
      many: 'connection',
      fields: [{ field: 'aliases', type: 'ArtifactAlias', fields: ['id', 'alias'], many: 'list' }],
    },
  ],
  returnType: 'artifactVersion',
  map: (versions, inputs) => {
    const name = strArg(inputs.artifactVersionName);
    if (name == null || !Array.isArray(versions)) return null;
    const colon = name.indexOf(':');
    const artifactName = colon >= 0 ? name.slice(0, colon) : name;
    const version = colon >= 0 ? name.slice(colon + 1) : 'latest';
    // Not every run logged the version: no match is null, not an error.
    return (
      versions.find((v) => {
        if (!(v instanceof DomainObject)) return false;
        const raw = v.raw;
        const seq = isPlainObject(raw.artifactSequence) ? raw.artifactSequence.name : undefined;
        const idx = raw.versionIndex;
        const aliases = Array.isArray(raw.aliases) ? raw.aliases : [];
        const byIndex = typeof idx === 'number' && String(idx) === version.slice(1) && version.startsWith('v');
        const byAlias = aliases.some((a) => isPlainObject(a) && a.alias === version);
        return seq === artifactName && (byIndex || byAlias);
      }) ?? null
    );
  },
  docs: docs(
    'Returns the artifactVersion logged by the run for a given name and alias',
    { run: 'A run', artifactVersionName: 'The name:alias of the artifactVersion' },
    'The artifactVersion logged by the run for a given name and alias',
  ),
  docPages: RUN_PAGE,
});

export const runOps: OpDeclaration[] = [
  runTag,
  fieldOp({
    name: 'run-internalId',
    kind: 'standard-tag',
    hidden: true,
    arg: 'run',
    argType: 'run',
    field: 'id',
    returnType: 'string',
    docs: docs('Returns the internal id of the run', runArgDocs, 'The internal id of the run'),
  }),
  fieldOp({
    name: 'run-id',
    kind: 'standard-tag',
    hidden: true,
    arg: 'run',
    argType: 'run',
    field: 'name',
    returnType: 'string',
    docs: docs('Returns the id of the run', runArgDocs, 'The id of the run'),
  }),
  fieldOp({
    name: 'run-name',
    kind: 'standard-tag',
    arg: 'run',
    argType: 'run',
    field: 'displayName',
    returnType: 'string',
    docs: docs('Returns the name of the run', runArgDocs, 'The name of the run'),
    docPages: RUN_PAGE,
  }),
  fieldOp({
    name: 'run-jobType',
    kind: 'standard-tag',
    arg: 'run',
    argType: 'run',
    field: 'jobType',
    returnType: 'string',
    docs: docs('Returns the job type of the run', runArgDocs, 'The job type of the run'),
    docPages: RUN_PAGE,
  }),
  fieldOp({
    name: 'run-link',
    kind: 'standard-tag',
    hidden: true,
    arg: 'run',
    argType: 'run',
    field: 'displayName',
    extraFields: ['name', { field: 'project', type: 'Project', fields: ['id', 'name', 'entityName'] }],
    returnType: 'link',
    map: (displayName, run) => {
      const path = projectPath(run);
      const id = run.raw.name;
      const url = path && typeof id === 'string' ? `/${path.entity}/${path.project}/runs/${id}` : null;
      return { name: displayName ?? null, url };
    },
    docs: docs('Returns the link to the run', runArgDocs, 'The link to the run'),
  }),
  pathOp({
    name: 'run-project',
    kind: 'standard-tag',
    hidden: true,
    argTypes: runArg,
    steps: [{ field: 'project', type: 'Project', kind: 'project' }],
    returnType: 'project',
    docs: docs('Returns the project of the run', runArgDocs, 'The project of the run'),
  }),
  pathOp({
    name: 'run-user',
    kind: 'standard-tag',
    argTypes: runArg,
    steps: [{ field: 'user', type: 'User', kind: 'user' }],
    returnType: 'user',
    docs: docs('Returns the user of the run', runArgDocs, 'The user of the run'),
    docPages: RUN_PAGE,
  }),
  fieldOp({
    name: 'run-createdAt',
    kind: 'standard-tag',
    arg: 'run',
    argType: 'run',
    field: 'createdAt',
    returnType: 'date',
    map: date,
    docs: docs('Returns the created at datetime of the run', runArgDocs, 'The created at datetime of the run'),
    docPages: RUN_PAGE,
  }),
  fieldOp({
    name: 'run-updatedAt',
    kind: 'standard-tag',
    hidden: true,
    arg: 'run',
    argType: 'run',
    field: 'updatedAt',
    returnType: 'date',
    map: date,
    docs: docs('Returns the updated at datetime of the run', runArgDocs, 'The updated at datetime of the run'),
  }),
  fieldOp({
    name: 'run-heartbeatAt',
    kind: 'standard-tag',
    arg: 'run',
    argType: 'run',
    field: 'heartbeatAt',
    returnType: 'date',
    map: date,
    docs: docs('Returns the last heartbeat datetime of the run', runArgDocs, 'The last heartbeat datetime of the run'),
    docPages: RUN_PAGE,
  }),
  fieldOp({
    name: 'run-jobtype',
    kind: 'standard-tag',
    hidden: true,
    arg: 'run',
    argType: 'run',
    field: 'jobType',
    returnType: 'string',
    docs: docs('Returns the job type of the run', runArgDocs, 'The job type of the run'),
  }),
  jsonOp('run-config', 'config', runConfig, 'config'),
  jsonOp('run-summary', 'summaryMetrics', runSummary, 'summary'),
  fieldOp({
    name: '_run-historykeyinfo',
    kind: 'standard-tag',
    hidden: true,
    arg: 'run',
    argType: 'run',
    field: 'historyKeys',
    returnType: typedDict({}),
    map: (v, _run, data) => (v == null ? { keys: {} } : typeof v === 'string' ? data.parseJson(v) : v),
    docs: docs('Returns the history key info for each key of the run', runArgDocs, 'The history key info for each key of the run'),
  }),
  historyOp('run-history', false),
  historyOp('run-history2', true),
  historyOp('run-history3', true),
  loggedArtifactVersion,
  pathOp({
    name: 'run-loggedArtifactVersions',
    kind: 'standard-tag',
    argTypes: runArg,
    steps: [{ field: 'outputArtifacts', type: 'Artifact', kind: 'artifactVersion', many: 'connection' }],
    returnType: list('artifactVersion'),
    docs: docs('Returns all of the artifactVersions logged by the run', runArgDocs, 'The artifactVersions logged by the run'),
    docPages: RUN_PAGE,
  }),
  pathOp({
    name: 'run-usedArtifactVersions',
    kind: 'standard-tag',
    argTypes: runArg,
    steps: [{ field: 'inputArtifacts', type: 'Artifact', kind: 'artifactVersion', many: 'connection' }],
    returnType: list('artifactVersion'),
    docs: docs('Returns all of the artifactVersions used by the run', runArgDocs, 'The artifactVersions used by the run'),
    docPages: RUN_PAGE,
  }),
  fieldOp({
    name: 'run-runtime',
    kind: 'standard-tag',
    arg: 'run',
    argType: 'run',
    field: 'computeSeconds',
    returnType: 'number',
    docs: docs('Returns the runtime in seconds of the run', runArgDocs, 'The runtime in seconds of the run'),
    docPages: RUN_PAGE,
  }),
];
