/**
 * The embedded backend: a workspace store answered through graphql-js over the W&B schema subset.
 * Browser-safe (file bodies referenced by `path` need a FileSource; see ./node.ts for Node).
 */
import { GraphQLError, execute, parse, validate, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Backend, FileRef, GraphQLErrorShape, GraphQLRequest, GraphQLResponse } from '../backend.js';
import { setOwn } from '../json.js';
import { buildWandbSchema } from '../schema.js';
import { QueryRoot, type LocalContext } from './graph.js';
import { loadStore, loadStoreFromText, type FileSource, type Store, type StoreFile, type StoreVersion } from './store.js';

export interface LocalBackendOptions {
  /** Reads files named by `path` in the workspace (Node: a folder). */
  files?: FileSource | null;
  /** Backend name; default `local`. */
  name?: string;
  /** Prefix of File.directUrl; default `panelql-local:///`. The HTTP server sets its own. */
  fileBaseUrl?: string;
  /** Name of the workspace source in error messages. */
  source?: string;
}

export interface ExecuteOptions {
  /** Overrides the backend's file base URL for this request (used by the HTTP server). */
  fileBaseUrl?: string;
}

const DOC_CACHE_LIMIT = 200;

export class LocalBackend implements Backend {
  readonly name: string;
  private readonly fileBaseUrl: string;
  private readonly root = new QueryRoot();
  /** Parsed and validated documents by query text (the store and schema never change). */
  private readonly docs = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(
    readonly store: Store,
    opts: Pick<LocalBackendOptions, 'name' | 'fileBaseUrl'> = {},
  ) {
    this.name = opts.name ?? 'local';
    this.fileBaseUrl = opts.fileBaseUrl ?? 'panelql-local:///';
  }

  async execute(req: GraphQLRequest, opts: ExecuteOptions = {}): Promise<GraphQLResponse> {
    req.signal?.throwIfAborted();
    const doc = this.document(req.query);
    if (!('kind' in doc)) return { errors: doc.map((e) => errorShape(e)) };
    const ctx: LocalContext = {
      store: this.store,
      fileBaseUrl: opts.fileBaseUrl ?? this.fileBaseUrl,
      signal: req.signal,
    };
    const result = (await execute({
      schema: buildWandbSchema(),
      document: doc,
      rootValue: this.root,
      contextValue: ctx,
      variableValues: req.variables,
      operationName: req.operationName,
    })) as ExecutionResult;
    req.signal?.throwIfAborted();
    const out: GraphQLResponse = {};
    if (result.errors && result.errors.length > 0) out.errors = result.errors.map((e) => errorShape(e));
    if (result.data !== undefined) out.data = result.data === null ? null : (toPlain(result.data) as Record<string, unknown>);
    return out;
  }

  private document(query: string): DocumentNode | readonly GraphQLError[] {
    const hit = this.docs.get(query);
    if (hit) return hit;
    let entry: DocumentNode | readonly GraphQLError[];
    try {
      const doc = parse(query);
      const errors = validate(buildWandbSchema(), doc);
      entry = errors.length > 0 ? errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) : doc;
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      entry = [withCode(e, 'GRAPHQL_PARSE_FAILED')];
    }
    if (this.docs.size >= DOC_CACHE_LIMIT) this.docs.delete(this.docs.keys().next().value as string);
    this.docs.set(query, entry);
    return entry;
  }

  async readFile(ref: FileRef, signal?: AbortSignal): Promise<Uint8Array | null> {
    signal?.throwIfAborted();
    const file = this.findFile(ref);
    if (!file) return null;
    if (file.body.kind === 'inline') return file.body.bytes.slice();
    if (!this.store.files) throw new Error(`${file.name}: the workspace has no folder to read files from`);
    return this.store.files.read(file.body.path, signal);
  }

  /** The file a FileRef names, or undefined. */
  findFile(ref: FileRef): StoreFile | undefined {
    if (ref.kind === 'run') {
      const project = this.store.entitiesByName.get(ref.entity)?.projectsByName.get(ref.project);
      return project?.runsByName.get(ref.run)?.files.get(ref.path);
    }
    return this.findVersion(ref)?.files.get(ref.path);
  }

  private findVersion(ref: Exclude<FileRef, { kind: 'run' }>): StoreVersion | undefined {
    if (ref.kind === 'artifactId') {
      // versionsById holds both the base64 id and its (lowercase) hex form.
      return this.store.versionsById.get(ref.id) ?? this.store.versionsById.get(ref.id.toLowerCase());
    }
    const project = this.store.entitiesByName.get(ref.entity)?.projectsByName.get(ref.project);
    const artifact = project?.artifactsByName.get(ref.artifact);
    const alias = typeof ref.version === 'number' ? `v${ref.version}` : ref.version;
    return artifact?.byAlias.get(alias);
  }

  async close(): Promise<void> {
    this.docs.clear();
  }
}

function withCode(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code },
  });
}

function errorShape(e: GraphQLError): GraphQLErrorShape {
  const out: GraphQLErrorShape & { locations?: unknown } = { message: e.message };
  if (e.locations) out.locations = e.locations;
  if (e.path) out.path = [...e.path];
  if (e.extensions && Object.keys(e.extensions).length > 0) out.extensions = { ...e.extensions };
  return out;
}

/** graphql-js builds results with null prototypes; answer plain objects, like a parsed HTTP body. */
function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    setOwn(out, k, toPlain((v as Record<string, unknown>)[k]));
  }
  return out;
}

/**
 * Builds a local backend from a workspace document: a parsed object or JSON text (bare NaN /
 * Infinity allowed). Throws WorkspaceError on malformed input.
 */
export function createLocalBackend(workspace: unknown, opts: LocalBackendOptions = {}): LocalBackend {
  const loadOpts = { files: opts.files ?? null, source: opts.source };
  const store = typeof workspace === 'string' ? loadStoreFromText(workspace, loadOpts) : loadStore(workspace, loadOpts);
  return new LocalBackend(store, opts);
}
