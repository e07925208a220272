/**
 * The in-memory store behind the local backend: validates a workspace document (docs/workspace.md)
 * and indexes it for fast lookups. Browser-safe: file bodies referenced by `path` are read through
 * a `FileSource`, which the Node loader (./node.ts) provides.
 *
 * User data (config, summary, history rows, metadata) is kept as parsed; no user key is ever
 * assigned through `obj[key] = …` on a fresh object without `setOwn`, so `__proto__`/`constructor`
 * keys stay data.
 */
import { describeValue, hasOwn, isPlainObject, parseJsonExtended, setOwn, stringifyJsonExtended } from '../json.js';
import { parseTimestamp, type Timestamp } from './dates.js';
import { base64Text, hex, unbase64, utf8 } from '../bytes.js';
import { checkEntryName, indexPath, keyPath, normalizeRelativePath } from './paths.js';
import levenshtein from 'fast-levenshtein';

/** Reads workspace-relative files. `path` has passed `normalizeRelativePath`. */
export interface FileSource {
  /** Where the files live, for messages (a folder path). */
  readonly root: string;
  read(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  size(path: string): Promise<number>;
}

export interface WorkspaceIssue {
  /** JSON path of the offending value, e.g. `$.entities[0].projects[1].runs[3].history[2]`. */
  path: string;
  message: string;
}

/** A malformed workspace. `message` starts with the first issue; `issues` lists up to 50. */
export class WorkspaceError extends Error {
  constructor(
    readonly issues: WorkspaceIssue[],
    readonly source?: string,
  ) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    const where = source ? `${source}: ` : '';
    super(`${where}${first ? `${first.path}: ${first.message}` : 'invalid workspace'}${more}`);
    this.name = 'WorkspaceError';
  }
}

export type HistoryRow = Record<string, unknown>;

export type FileBody = { kind: 'inline'; bytes: Uint8Array } | { kind: 'path'; path: string };

export interface StoreFile {
  name: string;
  body: FileBody;
  mimetype: string | null;
  updatedAt: Timestamp | null;
  /** Stable id seed: owner path + file name. */
  idSeed: string;
}

export interface StoreUser {
  username: string;
  name: string | null;
  email: string | null;
  teams: string[];
  userInfo: unknown;
  runs: StoreRun[];
}

export interface StoreEntity {
  name: string;
  isTeam: boolean;
  projects: StoreProject[];
  projectsByName: Map<string, StoreProject>;
}

export interface StoreProject {
  entity: StoreEntity;
  name: string;
  description: string | null;
  createdAt: Timestamp | null;
  updatedAt: Timestamp | null;
  runs: StoreRun[];
  runsByName: Map<string, StoreRun>;
  artifacts: StoreArtifact[];
  artifactsByName: Map<string, StoreArtifact>;
  artifactTypes: StoreArtifactType[];
  artifactTypesByName: Map<string, StoreArtifactType>;
  /** (filters, order) → matching runs; the store is immutable, so entries never go stale. */
  runQueryCache: Map<string, StoreRun[]>;
}

export interface StoreArtifactType {
  project: StoreProject;
  name: string;
  createdAt: Timestamp | null;
  collections: StoreArtifact[];
}

export interface StoreArtifact {
  project: StoreProject;
  type: StoreArtifactType;
  name: string;
  description: string | null;
  createdAt: Timestamp | null;
  versions: StoreVersion[];
  /** Alias (including `vN` tags and the implicit `latest`) → version. */
  byAlias: Map<string, StoreVersion>;
}

export interface StoreVersion {
  artifact: StoreArtifact;
  index: number;
  /** GraphQL id (base64). */
  id: string;
  /** Hex form of the id bytes, as used in `wandb-artifact://<hex>/path`. */
  hexId: string;
  /** Aliases as answered by GraphQL: the listed ones plus an implicit `latest` on the last version. */
  aliases: string[];
  description: string | null;
  createdAt: Timestamp | null;
  metadata: Record<string, unknown>;
  files: Map<string, StoreFile>;
  loggedBy: StoreRun | null;
  usedBy: StoreRun[];
}

export type HistorySource = { kind: 'inline'; rows: HistoryRow[] } | { kind: 'file'; path: string; jsonPath: string };

export interface StoreRun {
  project: StoreProject;
  /** Position in the project's `runs` array (file order). */
  index: number;
  id: string;
  name: string;
  displayName: string;
  state: string;
  jobType: string | null;
  group: string | null;
  tags: string[];
  notes: string | null;
  description: string | null;
  sweepName: string | null;
  commit: string | null;
  createdAt: Timestamp | null;
  updatedAt: Timestamp | null;
  heartbeatAt: Timestamp | null;
  computeSeconds: number | null;
  defaultColorIndex: number | null;
  user: StoreUser | null;
  /** Config in W&B's wrapped form: `{key: {value, desc}}`. */
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  systemMetrics: Record<string, unknown>;
  history: HistorySource;
  logged: StoreVersion[];
  used: StoreVersion[];
  files: Map<string, StoreFile>;
  /** Lazily computed answers (JSON texts, loaded history, key info). */
  cache: RunCache;
}

export interface RunCache {
  summaryText?: string;
  configText?: string;
  summaryFragments?: Map<string, string>;
  configFragments?: Map<string, string>;
  rows?: HistoryRow[];
  rowsLoading?: Promise<HistoryRow[]>;
  rowTexts?: string[];
  historyKeys?: Record<string, unknown>;
}

export interface Store {
  entities: StoreEntity[];
  entitiesByName: Map<string, StoreEntity>;
  users: StoreUser[];
  usersByName: Map<string, StoreUser>;
  viewer: StoreUser | null;
  /** GraphQL id and hex id → version. */
  versionsById: Map<string, StoreVersion>;
  files: FileSource | null;
}

// ---------------------------------------------------------------------------------------------
// Validation context
// ---------------------------------------------------------------------------------------------

const MAX_ISSUES = 50;

class Ctx {
  issues: WorkspaceIssue[] = [];
  error(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }
}

function closest(key: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const a of allowed) {
    const d = levenshtein.get(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** Checks `v` is an object with only `allowed` keys; reports each unknown key. */
function objectWith(ctx: Ctx, v: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | null {
  if (!isPlainObject(v)) {
    ctx.error(path, `expected an object, found ${describeValue(v)}`);
    return null;
  }
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) {
      const hint = closest(k, allowed);
      ctx.error(keyPath(path, k), `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`);
    }
  }
  return v;
}

function reqString(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): string | null {
  const v = o[key];
  if (!hasOwn(o, key) || v === undefined) {
    ctx.error(keyPath(path, key), 'required field is missing');
    return null;
  }
  if (typeof v !== 'string' || v.length === 0) {
    ctx.error(keyPath(path, key), `expected a non-empty string, found ${describeValue(v)}`);
    return null;
  }
  return v;
}

function optString(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): string | null {
  const v = o[key];
  if (!hasOwn(o, key) || v === undefined || v === null) return null;
  if (typeof v !== 'string') {
    ctx.error(keyPath(path, key), `expected a string, found ${describeValue(v)}`);
    return null;
  }
  return v;
}

function optNumber(ctx: Ctx, o: Record<string, unknown>, key: string, path: string, integer = false): number | null {
  const v = o[key];
  if (!hasOwn(o, key) || v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    ctx.error(keyPath(path, key), `expected ${integer ? 'an integer' : 'a finite number'}, found ${describeValue(v)}`);
    return null;
  }
  return v;
}

function optBool(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): boolean | null {
  const v = o[key];
  if (!hasOwn(o, key) || v === undefined || v === null) return null;
  if (typeof v !== 'boolean') {
    ctx.error(keyPath(path, key), `expected true or false, found ${describeValue(v)}`);
    return null;
  }
  return v;
}

function optDate(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): Timestamp | null {
  const v = optString(ctx, o, key, path);
  if (v === null) return null;
  const t = parseTimestamp(v);
  if (!t) ctx.error(keyPath(path, key), `expected an ISO-8601 timestamp such as "2023-01-01T00:00:00", found ${describeValue(v)}`);
  return t;
}

function optArray(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): unknown[] {
  const v = o[key];
  if (!hasOwn(o, key) || v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    ctx.error(keyPath(path, key), `expected an array, found ${describeValue(v)}`);
    return [];
  }
  return v;
}

function optStringArray(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): string[] {
  const out: string[] = [];
  optArray(ctx, o, key, path).forEach((s, i) => {
    if (typeof s === 'string') out.push(s);
    else ctx.error(indexPath(keyPath(path, key), i), `expected a string, found ${describeValue(s)}`);
  });
  return out;
}

function optObject(ctx: Ctx, o: Record<string, unknown>, key: string, path: string): Record<string, unknown> {
  const v = o[key];
  if (!hasOwn(o, key) || v === undefined || v === null) return {};
  if (!isPlainObject(v)) {
    ctx.error(keyPath(path, key), `expected an object, found ${describeValue(v)}`);
    return {};
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Field lists (docs/workspace.md documents each one)
// ---------------------------------------------------------------------------------------------

const WORKSPACE_FIELDS = ['version', 'description', 'entities', 'users', 'viewer'] as const;
const USER_FIELDS = ['username', 'name', 'email', 'teams', 'userInfo'] as const;
const ENTITY_FIELDS = ['name', 'isTeam', 'projects'] as const;
const PROJECT_FIELDS = ['name', 'description', 'createdAt', 'updatedAt', 'runs', 'artifacts'] as const;
const RUN_FIELDS = [
  'name',
  'displayName',
  'state',
  'jobType',
  'group',
  'tags',
  'notes',
  'description',
  'sweepName',
  'commit',
  'createdAt',
  'updatedAt',
  'heartbeatAt',
  'computeSeconds',
  'defaultColorIndex',
  'user',
  'config',
  'summary',
  'systemMetrics',
  'history',
  'loggedArtifacts',
  'usedArtifacts',
  'files',
] as const;
const ARTIFACT_FIELDS = ['name', 'type', 'description', 'createdAt', 'versions'] as const;
const VERSION_FIELDS = ['id', 'aliases', 'description', 'createdAt', 'metadata', 'files'] as const;
const FILE_FIELDS = ['contents', 'path', 'base64', 'mimetype', 'updatedAt'] as const;
const HISTORY_FILE_FIELDS = ['path'] as const;

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

export interface LoadOptions {
  /** Reads files referenced by `path`; without it such references are refused at load. */
  files?: FileSource | null;
  /** Name of the source for messages (e.g. the workspace.json path). */
  source?: string;
}

/** Parses workspace JSON text (NaN-aware) and builds the store. Throws WorkspaceError. */
export function loadStoreFromText(text: string, opts: LoadOptions = {}): Store {
  let doc: unknown;
  try {
    doc = parseJsonExtended(text);
  } catch (e) {
    throw new WorkspaceError([{ path: '$', message: `invalid JSON: ${(e as Error).message}` }], opts.source);
  }
  return loadStore(doc, opts);
}

/** Validates a parsed workspace document and builds the store. Throws WorkspaceError. */
export function loadStore(doc: unknown, opts: LoadOptions = {}): Store {
  const ctx = new Ctx();
  const files = opts.files ?? null;
  const store: Store = {
    entities: [],
    entitiesByName: new Map(),
    users: [],
    usersByName: new Map(),
    viewer: null,
    versionsById: new Map(),
    files,
  };
  const root = objectWith(ctx, doc, '$', WORKSPACE_FIELDS);
  if (!root) throw new WorkspaceError(ctx.issues, opts.source);

  if (hasOwn(root, 'version') && root.version !== 1) {
    ctx.error('$.version', `unsupported workspace version ${describeValue(root.version)}; this reader knows version 1`);
  }
  optString(ctx, root, 'description', '$');

  // Users first, so runs can point at them.
  optArray(ctx, root, 'users', '$').forEach((u, i) => {
    const path = indexPath('$.users', i);
    const o = objectWith(ctx, u, path, USER_FIELDS);
    if (!o) return;
    const username = reqString(ctx, o, 'username', path);
    if (username === null) return;
    if (store.usersByName.has(username)) {
      ctx.error(keyPath(path, 'username'), `duplicate user "${username}"`);
      return;
    }
    const user: StoreUser = {
      username,
      name: optString(ctx, o, 'name', path) ?? username,
      email: optString(ctx, o, 'email', path),
      teams: optStringArray(ctx, o, 'teams', path),
      userInfo: hasOwn(o, 'userInfo') ? o.userInfo : null,
      runs: [],
    };
    store.users.push(user);
    store.usersByName.set(username, user);
  });

  const pendingRefs: { run: StoreRun; ref: string; path: string; used: boolean }[] = [];

  const entitiesRaw = hasOwn(root, 'entities') ? root.entities : undefined;
  if (entitiesRaw === undefined) ctx.error('$.entities', 'required field is missing');
  else if (!Array.isArray(entitiesRaw)) ctx.error('$.entities', `expected an array, found ${describeValue(entitiesRaw)}`);
  else {
    entitiesRaw.forEach((e, i) => {
      const path = indexPath('$.entities', i);
      const o = objectWith(ctx, e, path, ENTITY_FIELDS);
      if (!o) return;
      const name = reqString(ctx, o, 'name', path);
      if (name === null) return;
      if (store.entitiesByName.has(name)) {
        ctx.error(keyPath(path, 'name'), `duplicate entity "${name}"`);
        return;
      }
      const entity: StoreEntity = {
        name,
        isTeam: optBool(ctx, o, 'isTeam', path) ?? !store.usersByName.has(name),
        projects: [],
        projectsByName: new Map(),
      };
      store.entities.push(entity);
      store.entitiesByName.set(name, entity);
      optArray(ctx, o, 'projects', path).forEach((p, j) =>
        loadProject(ctx, store, entity, p, indexPath(keyPath(path, 'projects'), j), pendingRefs),
      );
    });
  }

  for (const { run, ref, path, used } of pendingRefs) {
    const v = resolveArtifactRef(store, run.project, ref);
    if (typeof v === 'string') {
      ctx.error(path, v);
      continue;
    }
    if (used) {
      run.used.push(v);
      v.usedBy.push(run);
    } else {
      run.logged.push(v);
      if (v.loggedBy === null) v.loggedBy = run;
    }
  }

  const viewerName = optString(ctx, root, 'viewer', '$');
  if (viewerName !== null) {
    const v = store.usersByName.get(viewerName);
    if (!v) ctx.error('$.viewer', `unknown user "${viewerName}" (not in $.users)`);
    store.viewer = v ?? null;
  } else {
    store.viewer = store.users[0] ?? null;
  }

  if (ctx.issues.length > 0) throw new WorkspaceError(ctx.issues, opts.source);
  return store;
}

function loadProject(
  ctx: Ctx,
  store: Store,
  entity: StoreEntity,
  raw: unknown,
  path: string,
  pendingRefs: { run: StoreRun; ref: string; path: string; used: boolean }[],
): void {
  const o = objectWith(ctx, raw, path, PROJECT_FIELDS);
  if (!o) return;
  const name = reqString(ctx, o, 'name', path);
  if (name === null) return;
  if (entity.projectsByName.has(name)) {
    ctx.error(keyPath(path, 'name'), `duplicate project "${name}" in entity "${entity.name}"`);
    return;
  }
  const project: StoreProject = {
    entity,
    name,
    description: optString(ctx, o, 'description', path),
    createdAt: optDate(ctx, o, 'createdAt', path),
    updatedAt: optDate(ctx, o, 'updatedAt', path),
    runs: [],
    runsByName: new Map(),
    artifacts: [],
    artifactsByName: new Map(),
    artifactTypes: [],
    artifactTypesByName: new Map(),
    runQueryCache: new Map(),
  };
  entity.projects.push(project);
  entity.projectsByName.set(name, project);

  // Artifacts before runs: runs reference them.
  optArray(ctx, o, 'artifacts', path).forEach((a, i) =>
    loadArtifact(ctx, store, project, a, indexPath(keyPath(path, 'artifacts'), i)),
  );
  optArray(ctx, o, 'runs', path).forEach((r, i) =>
    loadRun(ctx, store, project, r, indexPath(keyPath(path, 'runs'), i), pendingRefs),
  );
}

const VERSION_TAG = /^v(\d+)$/;

function loadArtifact(ctx: Ctx, store: Store, project: StoreProject, raw: unknown, path: string): void {
  const o = objectWith(ctx, raw, path, ARTIFACT_FIELDS);
  if (!o) return;
  const name = reqString(ctx, o, 'name', path);
  const typeName = reqString(ctx, o, 'type', path);
  if (name === null || typeName === null) return;
  if (name.includes(':') || name.includes('/')) {
    ctx.error(keyPath(path, 'name'), `artifact names cannot contain ":" or "/"`);
    return;
  }
  if (project.artifactsByName.has(name)) {
    ctx.error(keyPath(path, 'name'), `duplicate artifact "${name}" in project "${project.name}"`);
    return;
  }
  const createdAt = optDate(ctx, o, 'createdAt', path);
  let type = project.artifactTypesByName.get(typeName);
  if (!type) {
    type = { project, name: typeName, createdAt, collections: [] };
    project.artifactTypes.push(type);
    project.artifactTypesByName.set(typeName, type);
  }
  const artifact: StoreArtifact = {
    project,
    type,
    name,
    description: optString(ctx, o, 'description', path),
    createdAt,
    versions: [],
    byAlias: new Map(),
  };
  type.collections.push(artifact);
  project.artifacts.push(artifact);
  project.artifactsByName.set(name, artifact);

  const versionsPath = keyPath(path, 'versions');
  const listed: string[][] = [];
  optArray(ctx, o, 'versions', path).forEach((raw, index) => {
    const vpath = indexPath(versionsPath, index);
    const vo = objectWith(ctx, raw, vpath, VERSION_FIELDS);
    const createdAt = vo ? optDate(ctx, vo, 'createdAt', vpath) : null;
    const seed = `${project.entity.name}/${project.name}/${name}:v${index}`;
    const explicitId = vo ? optString(ctx, vo, 'id', vpath) : null;
    const id = explicitId ?? base64Text(`Artifact:${seed}`);
    const version: StoreVersion = {
      artifact,
      index,
      id,
      hexId: hexOfId(id),
      aliases: [],
      description: vo ? optString(ctx, vo, 'description', vpath) : null,
      createdAt,
      metadata: vo ? optObject(ctx, vo, 'metadata', vpath) : {},
      files: vo ? loadFiles(ctx, store, vo, vpath, seed, createdAt) : new Map(),
      loggedBy: null,
      usedBy: [],
    };
    const aliases = vo ? optStringArray(ctx, vo, 'aliases', vpath) : [];
    aliases.forEach((alias, k) => {
      const apath = indexPath(keyPath(vpath, 'aliases'), k);
      if (alias.length === 0 || alias.includes(':') || alias.includes('/')) {
        ctx.error(apath, `invalid alias ${JSON.stringify(alias)}`);
        return;
      }
      const tag = VERSION_TAG.exec(alias);
      if (tag && Number(tag[1]) !== index) {
        ctx.error(apath, `alias "${alias}" contradicts the version's position (it is v${index})`);
        return;
      }
      const other = artifact.byAlias.get(alias);
      if (other && other !== version) {
        ctx.error(apath, `alias "${alias}" is already on version v${other.index}`);
        return;
      }
      artifact.byAlias.set(alias, version);
    });
    listed.push(aliases);
    for (const key of [id, version.hexId]) {
      const clash = store.versionsById.get(key);
      if (clash && clash !== version) ctx.error(keyPath(vpath, 'id'), `duplicate artifact version id "${id}"`);
      store.versionsById.set(key, version);
    }
    artifact.versions.push(version);
  });
  for (const v of artifact.versions) {
    v.aliases = [...new Set(listed[v.index])];
    artifact.byAlias.set(`v${v.index}`, v);
  }
  const last = artifact.versions[artifact.versions.length - 1];
  if (last && !artifact.byAlias.has('latest')) {
    artifact.byAlias.set('latest', last);
    last.aliases.push('latest');
  }
}

function hexOfId(id: string): string {
  // W&B artifact URLs carry the hex of the id's base64-decoded bytes.
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(id) && id.length % 4 === 0 ? unbase64(id) : null;
  return bytes ? hex(bytes) : hex(utf8(id));
}

function loadFiles(
  ctx: Ctx,
  store: Store,
  owner: Record<string, unknown>,
  ownerPath: string,
  idSeed: string,
  defaultUpdatedAt: Timestamp | null,
): Map<string, StoreFile> {
  const out = new Map<string, StoreFile>();
  const filesPath = keyPath(ownerPath, 'files');
  for (const [name, spec] of Object.entries(optObject(ctx, owner, 'files', ownerPath))) {
    const path = keyPath(filesPath, name);
    const bad = checkEntryName(name);
    if (bad) {
      ctx.error(path, bad);
      continue;
    }
    const o = objectWith(ctx, spec, path, FILE_FIELDS);
    if (!o) continue;
    const kinds = (['contents', 'path', 'base64'] as const).filter((k) => hasOwn(o, k));
    if (kinds.length !== 1) {
      ctx.error(path, `a file needs exactly one of "contents", "path" or "base64"${kinds.length ? `, found ${kinds.join(' and ')}` : ''}`);
      continue;
    }
    let body: FileBody | null = null;
    if (kinds[0] === 'contents') {
      const c = o.contents;
      body = { kind: 'inline', bytes: utf8(typeof c === 'string' ? c : stringifyJsonExtended(c)) };
    } else if (kinds[0] === 'base64') {
      const b = o.base64;
      const bytes = typeof b === 'string' ? unbase64(b.replace(/\s+/g, '')) : null;
      if (!bytes) ctx.error(keyPath(path, 'base64'), 'expected a base64 string');
      else body = { kind: 'inline', bytes };
    } else {
      body = checkFilePath(ctx, store, o.path, keyPath(path, 'path'));
    }
    const mimetype = optString(ctx, o, 'mimetype', path);
    const updatedAt = optDate(ctx, o, 'updatedAt', path) ?? defaultUpdatedAt;
    if (body) out.set(name, { name, body, mimetype, updatedAt, idSeed: `${idSeed}/${name}` });
  }
  return out;
}

function checkFilePath(ctx: Ctx, store: Store, p: unknown, path: string): FileBody | null {
  if (typeof p !== 'string') {
    ctx.error(path, `expected a string, found ${describeValue(p)}`);
    return null;
  }
  const n = normalizeRelativePath(p);
  if (!n.ok) {
    ctx.error(path, `refused: ${n.reason}`);
    return null;
  }
  if (!store.files) {
    ctx.error(path, 'file paths need a workspace folder; open the workspace from a file or folder, or inline the contents');
    return null;
  }
  return { kind: 'path', path: n.path };
}

function loadRun(
  ctx: Ctx,
  store: Store,
  project: StoreProject,
  raw: unknown,
  path: string,
  pendingRefs: { run: StoreRun; ref: string; path: string; used: boolean }[],
): void {
  const o = objectWith(ctx, raw, path, RUN_FIELDS);
  if (!o) return;
  const name = reqString(ctx, o, 'name', path);
  if (name === null) return;
  if (project.runsByName.has(name)) {
    ctx.error(keyPath(path, 'name'), `duplicate run "${name}" in project "${project.entity.name}/${project.name}"`);
    return;
  }
  const username = optString(ctx, o, 'user', path);
  let user: StoreUser | null = null;
  if (username !== null) {
    user = store.usersByName.get(username) ?? null;
    if (!user) {
      // A run may name a user the workspace does not list; it gets a minimal record.
      user = { username, name: username, email: null, teams: [], userInfo: null, runs: [] };
      store.users.push(user);
      store.usersByName.set(username, user);
    }
  }
  const createdAt = optDate(ctx, o, 'createdAt', path);
  const run: StoreRun = {
    project,
    index: project.runs.length,
    id: base64Text(`Run:v1:${name}:${project.name}:${project.entity.name}`),
    name,
    displayName: optString(ctx, o, 'displayName', path) ?? name,
    state: optString(ctx, o, 'state', path) ?? 'finished',
    jobType: optString(ctx, o, 'jobType', path),
    group: optString(ctx, o, 'group', path),
    tags: optStringArray(ctx, o, 'tags', path),
    notes: optString(ctx, o, 'notes', path),
    description: optString(ctx, o, 'description', path),
    sweepName: optString(ctx, o, 'sweepName', path),
    commit: optString(ctx, o, 'commit', path),
    createdAt,
    updatedAt: optDate(ctx, o, 'updatedAt', path),
    heartbeatAt: optDate(ctx, o, 'heartbeatAt', path),
    computeSeconds: optNumber(ctx, o, 'computeSeconds', path),
    defaultColorIndex: optNumber(ctx, o, 'defaultColorIndex', path, true),
    user,
    config: wrapConfig(optObject(ctx, o, 'config', path)),
    summary: optObject(ctx, o, 'summary', path),
    systemMetrics: optObject(ctx, o, 'systemMetrics', path),
    history: loadHistory(ctx, store, o, path),
    logged: [],
    used: [],
    files: loadFiles(ctx, store, o, path, `${project.entity.name}/${project.name}/${name}`, createdAt),
    cache: {},
  };
  user?.runs.push(run);
  project.runs.push(run);
  project.runsByName.set(name, run);
  for (const [key, used] of [
    ['loggedArtifacts', false],
    ['usedArtifacts', true],
  ] as const) {
    optStringArray(ctx, o, key, path).forEach((ref, i) =>
      pendingRefs.push({ run, ref, used, path: indexPath(keyPath(path, key), i) }),
    );
  }
}

/**
 * Config as W&B returns it: every top-level key maps to `{value, desc}`. A run's config is taken
 * as already wrapped when every top-level value is an object with a `value` key and no keys other
 * than `value`/`desc`; otherwise every value is wrapped as `{value, desc: null}`.
 */
export function wrapConfig(config: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(config);
  const wrapped = keys.every((k) => {
    const v = config[k];
    return isPlainObject(v) && hasOwn(v, 'value') && Object.keys(v).every((kk) => kk === 'value' || kk === 'desc');
  });
  if (wrapped) return config;
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k, { value: config[k], desc: null });
  return out;
}

function loadHistory(ctx: Ctx, store: Store, o: Record<string, unknown>, runPath: string): HistorySource {
  const path = keyPath(runPath, 'history');
  const v = o.history;
  if (!hasOwn(o, 'history') || v === undefined || v === null) return { kind: 'inline', rows: [] };
  if (isPlainObject(v)) {
    const ho = objectWith(ctx, v, path, HISTORY_FILE_FIELDS);
    if (!ho) return { kind: 'inline', rows: [] };
    const body = checkFilePath(ctx, store, ho.path, keyPath(path, 'path'));
    return body?.kind === 'path' ? { kind: 'file', path: body.path, jsonPath: path } : { kind: 'inline', rows: [] };
  }
  if (!Array.isArray(v)) {
    ctx.error(path, `expected an array of rows or {"path": …}, found ${describeValue(v)}`);
    return { kind: 'inline', rows: [] };
  }
  const rows: HistoryRow[] = [];
  const issue = normalizeHistoryRows(v, rows);
  if (issue) ctx.error(issue.index === undefined ? path : indexPath(path, issue.index), issue.message);
  return { kind: 'inline', rows };
}

/**
 * Checks history rows (objects) and gives every row a `_step`: rows without one get their
 * position. Returns the first problem, or null. Rows are kept as given when they have `_step`.
 */
export function normalizeHistoryRows(input: unknown[], out: HistoryRow[]): { index?: number; message: string } | null {
  for (let i = 0; i < input.length; i++) {
    const row = input[i];
    if (!isPlainObject(row)) return { index: i, message: `expected an object, found ${describeValue(row)}` };
    if (hasOwn(row, '_step')) {
      const s = row._step;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
        return { index: i, message: `_step must be a non-negative integer, found ${describeValue(s)}` };
      }
      out.push(row);
    } else {
      out.push({ _step: i, ...row });
    }
  }
  return null;
}

/**
 * Resolves `name:alias`, `name:vN`, `name` (= latest) or `entity/project/name:alias` to a version,
 * or returns an explanation.
 */
export function resolveArtifactRef(store: Store, project: StoreProject, ref: string): StoreVersion | string {
  const slash = ref.lastIndexOf('/');
  let target = project;
  let rest = ref;
  if (slash >= 0) {
    const parts = ref.slice(0, slash).split('/');
    if (parts.length !== 2) return `artifact reference "${ref}" must be "name:alias" or "entity/project/name:alias"`;
    const p = store.entitiesByName.get(parts[0])?.projectsByName.get(parts[1]);
    if (!p) return `artifact reference "${ref}": no project "${parts[0]}/${parts[1]}"`;
    target = p;
    rest = ref.slice(slash + 1);
  }
  const colon = rest.indexOf(':');
  const name = colon >= 0 ? rest.slice(0, colon) : rest;
  const alias = colon >= 0 ? rest.slice(colon + 1) : 'latest';
  const artifact = target.artifactsByName.get(name);
  if (!artifact) return `artifact reference "${ref}": no artifact "${name}" in "${target.entity.name}/${target.name}"`;
  const v = artifact.byAlias.get(alias);
  if (!v) return `artifact reference "${ref}": artifact "${name}" has no version or alias "${alias}"`;
  return v;
}
