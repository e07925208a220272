/**
 * Resolvers of the local backend, as plain classes: graphql-js's default field resolver reads a
 * property (or getter) named like the field, or calls a method of that name with
 * `(args, context)`. Abstract types (ArtifactCollection, ArtifactCreator) resolve through the
 * `__typename` getter. Browser-safe.
 */
import { hasOwn, stringifyJsonExtended } from '../json.js';
import type { Timestamp } from './dates.js';
import { compileFilter, FilterError, parseFilterText, parseOrder, sortBy, lookupDotted, type FieldAccessor } from './filters.js';
import { base64Text, fnv64 } from '../bytes.js';
import { mimeTypeOf } from './paths.js';
import {
  configText,
  historyKeysOf,
  historyRows,
  parseHistorySpec,
  pick,
  queryRuns,
  rowsInRange,
  rowTexts,
  sampleRows,
  sampleSpec,
  summaryText,
} from './runs.js';
import {
  resolveArtifactRef,
  type Store,
  type StoreArtifact,
  type StoreArtifactType,
  type StoreEntity,
  type StoreFile,
  type StoreProject,
  type StoreRun,
  type StoreUser,
  type StoreVersion,
} from './store.js';

export interface LocalContext {
  store: Store;
  /** Prefix of File.directUrl / File.url; ends with "/". */
  fileBaseUrl: string;
  signal?: AbortSignal;
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

interface PageArgs {
  first?: number | null;
  after?: string | null;
  limit?: number | null;
}

interface Edge<N> {
  node: N;
  cursor: string;
  [extra: string]: unknown;
}

interface Connection<N> {
  edges: Edge<N>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const CURSOR_PREFIX = 'panelql:';

function encodeCursor(index: number): string {
  return base64Text(`${CURSOR_PREFIX}${index}`);
}

function decodeCursor(cursor: string): number {
  let text: string | null = null;
  try {
    text = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? globalThis.atob(cursor) : null;
  } catch {
    text = null;
  }
  const m = text !== null && text.startsWith(CURSOR_PREFIX) ? /^\d+$/.exec(text.slice(CURSOR_PREFIX.length)) : null;
  if (!m) throw new Error(`invalid cursor ${JSON.stringify(cursor)}`);
  return Number(m[0]);
}

function connection<T, N>(
  items: readonly T[],
  args: PageArgs,
  toNode: (item: T) => N,
  edgeExtras?: (item: T) => Record<string, unknown>,
): Connection<N> {
  const first = args.first ?? args.limit;
  if (first !== null && first !== undefined && first < 0) throw new Error(`first must be >= 0, got ${first}`);
  const start = args.after ? decodeCursor(args.after) + 1 : 0;
  const end = first === null || first === undefined ? items.length : Math.min(items.length, start + first);
  const edges: Edge<N>[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i];
    edges.push({ node: toNode(item), cursor: encodeCursor(i), ...(edgeExtras ? edgeExtras(item) : {}) });
  }
  return {
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges.length > 0 ? edges[0].cursor : null,
      endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : args.after ?? null,
    },
    totalCount: items.length,
  };
}

const EMPTY: readonly never[] = [];
const emptyConnection = (args: PageArgs = {}): Connection<never> => connection(EMPTY, args, (x) => x);

const iso = (t: Timestamp | null): string | null => (t ? t.iso : null);

function toStep(v: unknown, name: string): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`${name} must be an integer`);
  return n;
}

function wantSequences(collectionTypes: readonly string[] | null | undefined): boolean {
  return !collectionTypes || collectionTypes.length === 0 || collectionTypes.includes('SEQUENCE');
}

// ---------------------------------------------------------------------------------------------
// Root
// ---------------------------------------------------------------------------------------------

export class QueryRoot {
  project(args: { name?: string | null; entityName?: string | null }, ctx: LocalContext): ProjectNode | null {
    if (!args.name) return null;
    const entity = findEntity(ctx.store, args.entityName);
    const p = entity?.projectsByName.get(args.name);
    return p ? new ProjectNode(p) : null;
  }
  entity(args: { name?: string | null }, ctx: LocalContext): EntityNode | null {
    const e = args.name ? ctx.store.entitiesByName.get(args.name) : undefined;
    return e ? new EntityNode(e) : null;
  }
  viewer(_args: unknown, ctx: LocalContext): UserNode | null {
    return ctx.store.viewer ? new UserNode(ctx.store.viewer) : null;
  }
  user(args: { id?: string | null; userName?: string | null }, ctx: LocalContext): UserNode | null {
    let u: StoreUser | undefined;
    if (args.userName) u = ctx.store.usersByName.get(args.userName);
    else if (args.id) u = ctx.store.users.find((x) => userId(x) === args.id);
    return u ? new UserNode(u) : null;
  }
  artifact(args: { id: string }, ctx: LocalContext): ArtifactNode | null {
    const v = ctx.store.versionsById.get(args.id);
    return v ? new ArtifactNode(v) : null;
  }
  organization(): null {
    return null;
  }
  get instance(): InstanceNode {
    return new InstanceNode();
  }
  views(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
  repoInsightsPlotData(): null {
    return null;
  }
}

/** `entityName` may be omitted: the viewer's entity, or the only entity of the workspace. */
function findEntity(store: Store, name: string | null | undefined): StoreEntity | undefined {
  if (name) return store.entitiesByName.get(name);
  const viewerEntity = store.viewer ? store.entitiesByName.get(store.viewer.username) : undefined;
  return viewerEntity ?? (store.entities.length === 1 ? store.entities[0] : undefined);
}

class InstanceNode {
  projects(args: PageArgs, ctx: LocalContext): Connection<ProjectNode> {
    return connection(
      ctx.store.entities.flatMap((e) => e.projects),
      args,
      (p) => new ProjectNode(p),
    );
  }
  views(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
  artifactSequences(args: PageArgs, ctx: LocalContext): Connection<ArtifactSequenceNode> {
    return connection(
      ctx.store.entities.flatMap((e) => e.projects.flatMap((p) => p.artifacts)),
      args,
      (a) => new ArtifactSequenceNode(a),
    );
  }
  entities(_args: unknown, ctx: LocalContext): EntityNode[] {
    return ctx.store.entities.map((e) => new EntityNode(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Entity / User
// ---------------------------------------------------------------------------------------------

const projectField: FieldAccessor<StoreProject> = (p, f) => {
  if (f === 'name') return p.name;
  if (f === 'createdAt' || f === 'created_at') return p.createdAt ? new Date(p.createdAt.ms) : undefined;
  if (f === 'updatedAt' || f === 'updated_at') return p.updatedAt ? new Date(p.updatedAt.ms) : undefined;
  return undefined;
};
const checkProjectField = (f: string): void => {
  if (!['name', 'createdAt', 'created_at', 'updatedAt', 'updated_at'].includes(f)) {
    throw new FilterError(`unsupported project order field "${f}" (use name, createdAt, updatedAt)`);
  }
};

export class EntityNode {
  constructor(private readonly e: StoreEntity) {}
  get id(): string {
    return base64Text(`Entity:${this.e.name}`);
  }
  get name(): string {
    return this.e.name;
  }
  get isTeam(): boolean {
    return this.e.isTeam;
  }
  get artifactTTLDurationSeconds(): null {
    return null;
  }
  get organization(): null {
    return null;
  }
  projects(args: PageArgs & { order?: string | null }): Connection<ProjectNode> {
    const sorted = sortBy(this.e.projects, parseOrder(args.order, checkProjectField), projectField);
    return connection(sorted, args, (p) => new ProjectNode(p));
  }
  artifactCollections(args: PageArgs & { collectionTypes?: string[] | null }): Connection<ArtifactSequenceNode> {
    const items = wantSequences(args.collectionTypes) ? this.e.projects.flatMap((p) => p.artifacts) : [];
    return connection(items, args, (a) => new ArtifactSequenceNode(a));
  }
  views(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
}

const userId = (u: StoreUser): string => base64Text(`User:${u.username}`);

export class UserNode {
  constructor(private readonly u: StoreUser) {}
  get __typename(): string {
    return 'User';
  }
  get id(): string {
    return userId(this.u);
  }
  get name(): string | null {
    return this.u.name;
  }
  get username(): string {
    return this.u.username;
  }
  get email(): string | null {
    return this.u.email;
  }
  get userInfo(): unknown {
    return this.u.userInfo;
  }
  teams(args: PageArgs, ctx: LocalContext): Connection<EntityNode> {
    const teams = this.u.teams.map((t) => ctx.store.entitiesByName.get(t)).filter((e): e is StoreEntity => !!e);
    return connection(teams, args, (e) => new EntityNode(e));
  }
  runs(args: PageArgs): Connection<RunNode> {
    return connection(this.u.runs, args, (r) => new RunNode(r));
  }
}

// ---------------------------------------------------------------------------------------------
// Project
// ---------------------------------------------------------------------------------------------

export class ProjectNode {
  constructor(private readonly p: StoreProject) {}
  get id(): string {
    return base64Text(`Project:v1:${this.p.name}:${this.p.entity.name}`);
  }
  get internalId(): string {
    return fnv64(`${this.p.entity.name}/${this.p.name}`);
  }
  get name(): string {
    return this.p.name;
  }
  get entityName(): string {
    return this.p.entity.name;
  }
  get entity(): EntityNode {
    return new EntityNode(this.p.entity);
  }
  get createdAt(): string | null {
    return iso(this.p.createdAt);
  }
  get updatedAt(): string | null {
    return iso(this.p.updatedAt ?? this.p.createdAt);
  }
  get description(): string | null {
    return this.p.description;
  }
  get readOnly(): boolean {
    return false;
  }
  get isBenchmark(): boolean {
    return false;
  }
  user(_args: unknown, ctx: LocalContext): UserNode | null {
    const u = this.p.entity.isTeam ? undefined : ctx.store.usersByName.get(this.p.entity.name);
    return u ? new UserNode(u) : null;
  }
  runCount(args: { filters?: string | null }): number {
    return queryRuns(this.p, args.filters, null).length;
  }
  runs(args: PageArgs & { filters?: string | null; order?: string | null }): Connection<RunNode> {
    return connection(queryRuns(this.p, args.filters, args.order), args, (r) => new RunNode(r));
  }
  run(args: { name: string }): RunNode | null {
    const r = this.p.runsByName.get(args.name);
    return r ? new RunNode(r) : null;
  }
  artifactType(args: { name: string }): ArtifactTypeNode | null {
    const t = this.p.artifactTypesByName.get(args.name);
    return t ? new ArtifactTypeNode(t) : null;
  }
  artifactTypes(args: PageArgs): Connection<ArtifactTypeNode> {
    return connection(this.p.artifactTypes, args, (t) => new ArtifactTypeNode(t));
  }
  artifact(args: { name: string }, ctx: LocalContext): ArtifactNode | null {
    if (args.name.includes('/')) return null;
    const v = resolveArtifactRef(ctx.store, this.p, args.name);
    return typeof v === 'string' ? null : new ArtifactNode(v);
  }
  artifactCollection(args: { name: string }): ArtifactSequenceNode | null {
    const a = this.p.artifactsByName.get(args.name);
    return a ? new ArtifactSequenceNode(a) : null;
  }
  artifactCollections(args: PageArgs & { collectionTypes?: string[] | null }): Connection<ArtifactSequenceNode> {
    const items = wantSequences(args.collectionTypes) ? this.p.artifacts : [];
    return connection(items, args, (a) => new ArtifactSequenceNode(a));
  }
  allViews(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
  get runQueues(): never[] {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

export class RunNode {
  constructor(private readonly r: StoreRun) {}
  get __typename(): string {
    return 'Run';
  }
  get id(): string {
    return this.r.id;
  }
  get name(): string {
    return this.r.name;
  }
  get displayName(): string {
    return this.r.displayName;
  }
  get projectId(): string {
    return new ProjectNode(this.r.project).id;
  }
  get state(): string {
    return this.r.state;
  }
  get jobType(): string | null {
    return this.r.jobType;
  }
  get group(): string | null {
    return this.r.group;
  }
  get sweepName(): string | null {
    return this.r.sweepName;
  }
  get tags(): string[] {
    return this.r.tags;
  }
  get notes(): string | null {
    return this.r.notes;
  }
  get description(): string | null {
    return this.r.description;
  }
  get commit(): string | null {
    return this.r.commit;
  }
  get readOnly(): boolean {
    return false;
  }
  get createdAt(): string | null {
    return iso(this.r.createdAt);
  }
  get updatedAt(): string | null {
    return iso(this.r.updatedAt ?? this.r.heartbeatAt ?? this.r.createdAt);
  }
  get heartbeatAt(): string | null {
    return iso(this.r.heartbeatAt);
  }
  get computeSeconds(): number | null {
    return this.r.computeSeconds;
  }
  get defaultColorIndex(): number {
    return this.r.defaultColorIndex ?? this.r.index;
  }
  config(args: { keys?: string[] | null }): string {
    return configText(this.r, args.keys);
  }
  summaryMetrics(args: { keys?: string[] | null }): string {
    return summaryText(this.r, args.keys);
  }
  get systemMetrics(): string {
    return stringifyJsonExtended(this.r.systemMetrics);
  }
  async historyKeys(_args: unknown, ctx: LocalContext): Promise<Record<string, unknown>> {
    if (this.r.cache.historyKeys) return this.r.cache.historyKeys;
    const keys = historyKeysOf(await historyRows(ctx.store, this.r, ctx.signal));
    this.r.cache.historyKeys = keys;
    return keys;
  }
  async historyLineCount(_args: unknown, ctx: LocalContext): Promise<number> {
    return (await historyRows(ctx.store, this.r, ctx.signal)).length;
  }
  async history(
    args: { samples?: number | null; minStep?: unknown; maxStep?: unknown; maxKeyLimit?: number | null },
    ctx: LocalContext,
  ): Promise<string[]> {
    const all = await historyRows(ctx.store, this.r, ctx.signal);
    const minStep = toStep(args.minStep, 'minStep');
    const maxStep = toStep(args.maxStep, 'maxStep');
    if (minStep === null && maxStep === null && (args.samples == null || args.samples >= all.length)) {
      return rowTexts(this.r, all);
    }
    return sampleRows(rowsInRange(all, minStep, maxStep), args.samples).map((row) => stringifyJsonExtended(row));
  }
  async sampledHistory(args: { specs: string[] }, ctx: LocalContext): Promise<Record<string, unknown>[][]> {
    const specs = args.specs.map((s, i) => parseHistorySpec(s, i));
    const rows = await historyRows(ctx.store, this.r, ctx.signal);
    return specs.map((spec) => sampleSpec(rows, spec));
  }
  /** Everything comes back as live rows; the local store has no parquet files. */
  async parquetHistory(args: { liveKeys: string[] }, ctx: LocalContext): Promise<{ liveData: unknown[]; parquetUrls: string[] }> {
    const rows = await historyRows(ctx.store, this.r, ctx.signal);
    const keys = [...new Set(args.liveKeys)];
    const content = keys.filter((k) => k !== '_step');
    const liveData = rows
      .filter((row) => content.length === 0 || content.some((k) => hasOwn(row, k)))
      .map((row) => pick(row, keys));
    return { liveData, parquetUrls: [] };
  }
  get user(): UserNode | null {
    return this.r.user ? new UserNode(this.r.user) : null;
  }
  get project(): ProjectNode {
    return new ProjectNode(this.r.project);
  }
  inputArtifacts(args: PageArgs): Connection<ArtifactNode> {
    return connection(this.r.used, args, (v) => new ArtifactNode(v), () => ({ usedAs: null }));
  }
  outputArtifacts(args: PageArgs): Connection<ArtifactNode> {
    return connection(this.r.logged, args, (v) => new ArtifactNode(v));
  }
  files(args: PageArgs & { names?: (string | null)[] | null; pattern?: string | null }): Connection<FileNode> {
    let list = [...this.r.files.values()];
    if (args.names) {
      const wanted = args.names.filter((n): n is string => typeof n === 'string');
      list = wanted.map((n) => this.r.files.get(n)).filter((f): f is StoreFile => !!f);
    }
    if (args.pattern) {
      const re = likePattern(args.pattern);
      list = list.filter((f) => re.test(f.name));
    }
    const r = this.r;
    const base = `run/${enc(r.project.entity.name)}/${enc(r.project.name)}/${enc(r.name)}/`;
    return connection(list, args, (f) => new FileNode(f, base));
  }
}

/** `files(pattern:)`: SQL-LIKE `%` and glob `*` match any run of characters, `_`/`?` one. */
function likePattern(p: string): RegExp {
  const body = p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/[%*]/g, '.*').replace(/[_?]/g, '.');
  return new RegExp(`^${body}$`);
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

function encPath(p: string): string {
  return p.split('/').map(enc).join('/');
}

// ---------------------------------------------------------------------------------------------
// Artifacts
// ---------------------------------------------------------------------------------------------

export class ArtifactTypeNode {
  constructor(private readonly t: StoreArtifactType) {}
  get id(): string {
    return base64Text(`ArtifactType:${this.t.project.entity.name}/${this.t.project.name}/${this.t.name}`);
  }
  get name(): string {
    return this.t.name;
  }
  get description(): null {
    return null;
  }
  get createdAt(): string | null {
    return iso(this.t.createdAt);
  }
  get project(): ProjectNode {
    return new ProjectNode(this.t.project);
  }
  artifact(args: { name: string }, ctx: LocalContext): ArtifactNode | null {
    if (args.name.includes('/')) return null;
    const v = resolveArtifactRef(ctx.store, this.t.project, args.name);
    return typeof v === 'string' || v.artifact.type !== this.t ? null : new ArtifactNode(v);
  }
  artifactCollection(args: { name: string }): ArtifactSequenceNode | null {
    const a = this.t.collections.find((c) => c.name === args.name);
    return a ? new ArtifactSequenceNode(a) : null;
  }
  artifactSequence(args: { name: string }): ArtifactSequenceNode | null {
    return this.artifactCollection(args);
  }
  artifactCollections(args: PageArgs & { collectionTypes?: string[] | null }): Connection<ArtifactSequenceNode> {
    const items = wantSequences(args.collectionTypes) ? this.t.collections : [];
    return connection(items, args, (a) => new ArtifactSequenceNode(a));
  }
  artifactSequences(args: PageArgs): Connection<ArtifactSequenceNode> {
    return connection(this.t.collections, args, (a) => new ArtifactSequenceNode(a));
  }
}

const versionField: FieldAccessor<StoreVersion> = (v, f) => {
  switch (f) {
    case 'versionIndex':
      return v.index;
    case 'createdAt':
    case 'created_at':
      return v.createdAt ? new Date(v.createdAt.ms) : undefined;
    case 'alias':
    case 'aliases':
      return v.aliases;
    case 'description':
      return v.description ?? undefined;
    case 'state':
      return 'COMMITTED';
  }
  if (f.startsWith('metadata.')) return lookupDotted(v.metadata, f.slice(9).split('.'));
  return undefined;
};
const checkVersionField = (f: string): void => {
  const ok = ['versionIndex', 'createdAt', 'created_at', 'alias', 'aliases', 'description', 'state'];
  if (!ok.includes(f) && !(f.startsWith('metadata.') && f.length > 9)) {
    throw new FilterError(`unsupported artifact field "${f}" (use ${ok.join(', ')} or metadata.<key>)`);
  }
};

const sequenceId = (a: StoreArtifact): string =>
  base64Text(`ArtifactCollection:${a.project.entity.name}/${a.project.name}/${a.name}`);

export class ArtifactSequenceNode {
  constructor(private readonly a: StoreArtifact) {}
  get __typename(): string {
    return 'ArtifactSequence';
  }
  get id(): string {
    return sequenceId(this.a);
  }
  get name(): string {
    return this.a.name;
  }
  get description(): string | null {
    return this.a.description;
  }
  get createdAt(): string | null {
    return iso(this.a.createdAt ?? this.a.versions[0]?.createdAt ?? null);
  }
  get project(): ProjectNode {
    return new ProjectNode(this.a.project);
  }
  get defaultArtifactType(): ArtifactTypeNode {
    return new ArtifactTypeNode(this.a.type);
  }
  artifacts(args: PageArgs & { filters?: string | null; order?: string | null }): Connection<ArtifactNode> {
    const pred = compileFilter(parseFilterText(args.filters), versionField, checkVersionField);
    const list = sortBy(this.a.versions.filter(pred), parseOrder(args.order, checkVersionField), versionField);
    return connection(list, args, (v) => new ArtifactNode(v), (v) => ({ version: `v${v.index}` }));
  }
  aliases(args: PageArgs): Connection<ArtifactAliasNode> {
    const all = this.a.versions.flatMap((v) => v.aliases.map((alias) => ({ v, alias })));
    return connection(all, args, ({ alias }) => new ArtifactAliasNode(this.a, alias));
  }
  artifactMembership(args: { aliasName: string }): MembershipNode | null {
    const v = this.a.byAlias.get(args.aliasName);
    return v ? new MembershipNode(v) : null;
  }
  artifactMemberships(args: PageArgs): Connection<MembershipNode> {
    return connection(this.a.versions, args, (v) => new MembershipNode(v));
  }
  tags(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
}

export class ArtifactAliasNode {
  constructor(
    private readonly a: StoreArtifact,
    readonly alias: string,
  ) {}
  get id(): string {
    return base64Text(`ArtifactAlias:${sequenceId(this.a)}:${this.alias}`);
  }
  get artifactCollectionName(): string {
    return this.a.name;
  }
  get artifactCollection(): ArtifactSequenceNode {
    return new ArtifactSequenceNode(this.a);
  }
}

export class MembershipNode {
  constructor(private readonly v: StoreVersion) {}
  get id(): string {
    return base64Text(`ArtifactCollectionMembership:${this.v.id}`);
  }
  get versionIndex(): number {
    return this.v.index;
  }
  get createdAt(): string | null {
    return iso(this.v.createdAt);
  }
  get commitHash(): string {
    return commitHash(this.v);
  }
  get artifact(): ArtifactNode {
    return new ArtifactNode(this.v);
  }
  get artifactCollection(): ArtifactSequenceNode {
    return new ArtifactSequenceNode(this.v.artifact);
  }
  get aliases(): ArtifactAliasNode[] {
    return this.v.aliases.map((a) => new ArtifactAliasNode(this.v.artifact, a));
  }
}

const commitHash = (v: StoreVersion): string => fnv64(`commit:${v.id}`) + fnv64(`commit2:${v.id}`).slice(0, 4);

async function fileSize(f: StoreFile, ctx: LocalContext): Promise<number> {
  if (f.body.kind === 'inline') return f.body.bytes.length;
  if (!ctx.store.files) throw new Error(`file ${f.name} needs a workspace folder`);
  return ctx.store.files.size(f.body.path);
}

export class ArtifactNode {
  constructor(private readonly v: StoreVersion) {}
  get id(): string {
    return this.v.id;
  }
  get digest(): string {
    const names = [...this.v.files.keys()].sort().join('\n');
    return fnv64(`digest:${this.v.id}\n${names}`) + fnv64(`digest2:${names}`);
  }
  get commitHash(): string {
    return commitHash(this.v);
  }
  get description(): string | null {
    return this.v.description;
  }
  get state(): string {
    return 'COMMITTED';
  }
  async size(_args: unknown, ctx: LocalContext): Promise<number> {
    let total = 0;
    for (const f of this.v.files.values()) total += await fileSize(f, ctx);
    return total;
  }
  get fileCount(): number {
    return this.v.files.size;
  }
  get createdAt(): string | null {
    return iso(this.v.createdAt);
  }
  get updatedAt(): string | null {
    return iso(this.v.createdAt);
  }
  get metadata(): string {
    return stringifyJsonExtended(this.v.metadata);
  }
  get versionIndex(): number {
    return this.v.index;
  }
  get usedCount(): number {
    return this.v.usedBy.length;
  }
  get historyStep(): null {
    return null;
  }
  get ttlDurationSeconds(): null {
    return null;
  }
  get ttlIsInherited(): null {
    return null;
  }
  get isGenerated(): boolean {
    return false;
  }
  get isLinkedToGlobalRegistry(): boolean {
    return false;
  }
  get labels(): null {
    return null;
  }
  get aliases(): ArtifactAliasNode[] {
    return this.v.aliases.map((a) => new ArtifactAliasNode(this.v.artifact, a));
  }
  get tags(): never[] {
    return [];
  }
  get artifactType(): ArtifactTypeNode {
    return new ArtifactTypeNode(this.v.artifact.type);
  }
  get artifactSequence(): ArtifactSequenceNode {
    return new ArtifactSequenceNode(this.v.artifact);
  }
  artifactCollections(args: PageArgs): Connection<ArtifactSequenceNode> {
    return connection([this.v.artifact], args, (a) => new ArtifactSequenceNode(a));
  }
  artifactMemberships(args: PageArgs): Connection<MembershipNode> {
    return connection([this.v], args, (v) => new MembershipNode(v));
  }
  get createdBy(): RunNode | null {
    return this.v.loggedBy ? new RunNode(this.v.loggedBy) : null;
  }
  usedBy(args: PageArgs): Connection<RunNode> {
    return connection(this.v.usedBy, args, (r) => new RunNode(r));
  }
  dependsOn(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
  dependencyOf(args: PageArgs): Connection<never> {
    return emptyConnection(args);
  }
  files(args: PageArgs & { names?: string[] | null }): Connection<FileNode> {
    const list = args.names
      ? args.names.map((n) => this.v.files.get(n)).filter((f): f is StoreFile => !!f)
      : [...this.v.files.values()];
    const p = this.v.artifact.project;
    const base = `artifact/${enc(p.entity.name)}/${enc(p.name)}/${enc(this.v.artifact.name)}/v${this.v.index}/`;
    return connection(list, args, (f) => new FileNode(f, base));
  }
  get currentManifest(): { id: string; file: null } {
    return { id: base64Text(`ArtifactManifest:${this.v.id}`), file: null };
  }
}

export class FileNode {
  constructor(
    private readonly f: StoreFile,
    /** URL path of the owner below the file base URL, ending in "/". */
    private readonly ownerUrlPath: string,
  ) {}
  get id(): string {
    return base64Text(`File:${this.f.idSeed}`);
  }
  get name(): string {
    return this.f.name;
  }
  get displayName(): string {
    return this.f.name.slice(this.f.name.lastIndexOf('/') + 1);
  }
  url(_args: unknown, ctx: LocalContext): string {
    return this.directUrl(_args, ctx);
  }
  directUrl(_args: unknown, ctx: LocalContext): string {
    return `${ctx.fileBaseUrl}${this.ownerUrlPath}${encPath(this.f.name)}`;
  }
  sizeBytes(_args: unknown, ctx: LocalContext): Promise<number> {
    return fileSize(this.f, ctx);
  }
  get mimetype(): string {
    return this.f.mimetype ?? mimeTypeOf(this.f.name);
  }
  get updatedAt(): string | null {
    return iso(this.f.updatedAt);
  }
  get md5(): null {
    return null;
  }
  get digest(): null {
    return null;
  }
  get storagePath(): string | null {
    return this.f.body.kind === 'path' ? this.f.body.path : null;
  }
}
