/**
 * The data an evaluation reads: the answers of the planned documents (root fields by response
 * key, with further pages and later rounds merged in), files read through the backend, and the
 * requests resolvers made for anything missing. Implements the domain ops' `WandbData`.
 */
import type { FileRef } from '../../backends/backend.js';
import { parseJsonExtended } from '../../backends/json.js';
import { parseJoinedTable, parsePartitionedTable, parseTable } from '../../backends/tables.js';
import {
  MISSING,
  PENDING,
  projectPath,
  type DataNote,
  type DomainObject,
  type FileValue,
  type GqlArgs,
  type JoinedTableFileData,
  type PartitionedTableFileData,
  type Pending,
  type TableFileData,
  type WandbData,
} from '../../ops/domain/index.js';
import { responseKey } from '../../ops/domain/alias.js';

/** A field asked for by a resolver: at the root (`object` null) or on an object. */
export interface FieldRequest {
  readonly object: DomainObject | null;
  readonly field: string;
  readonly args?: GqlArgs;
}

type FileKind = 'bytes' | 'table' | 'joined' | 'partitioned' | 'text';

interface FileEntry {
  readonly ref: FileRef;
  readonly source: string;
  /** undefined: not fetched yet; null: does not exist. */
  bytes?: Uint8Array | null;
  error?: Error;
  parsed: Map<FileKind, unknown>;
}

const decoder = new TextDecoder();

export class DataStore implements WandbData {
  /** Root fields of every document answered so far, by response key. */
  readonly roots: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly fieldRequests = new Map<string, FieldRequest>();
  /** Requests that could not be fetched: asked again, they are not repeated (the field reads as null). */
  private readonly failedRequests = new Set<string>();
  private readonly files = new Map<string, FileEntry>();
  private readonly fileRequests = new Set<string>();
  private readonly listings = new Map<string, { id: string; names?: readonly string[] | null; error?: Error }>();
  private readonly listingRequests = new Set<string>();
  private readonly parsed = new Map<string, unknown>();
  private notes: DataNote[] = [];
  /** Requests made since the counter was last read (a target asked for something: run it again). */
  requestCount = 0;

  // ------------------------------------------------------------------------------------------
  // WandbData

  root(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.roots, key) ? this.roots[key] : MISSING;
  }

  requestField(object: DomainObject | null, field: string, args?: GqlArgs): void {
    const id = requestId(object, field, args);
    if (this.failedRequests.has(id)) return;
    if (!this.fieldRequests.has(id)) this.fieldRequests.set(id, { object, field, ...(args ? { args } : {}) });
    this.requestCount++;
  }

  /** Marks a request that cannot be fetched (the object cannot be found again). */
  failRequest(req: FieldRequest, reason: string): void {
    this.failedRequests.add(requestId(req.object, req.field, req.args));
    this.note({ code: 'unavailable', message: reason });
  }

  parseJson(text: string): unknown {
    const hit = this.parsed.get(text);
    if (hit !== undefined || this.parsed.has(text)) return hit;
    const v = parseJsonExtended(text);
    if (text.length < 1_000_000) this.parsed.set(text, v);
    return v;
  }

  readTable(file: FileValue): TableFileData | null | Pending {
    return this.parsedFile(file, 'table', (b, source) => parseTable(b, source)) as TableFileData | null | Pending;
  }

  readJoinedTable(file: FileValue): JoinedTableFileData | null | Pending {
    return this.parsedFile(file, 'joined', (b, source) => parseJoinedTable(b, source)) as JoinedTableFileData | null | Pending;
  }

  readPartitionedTable(file: FileValue): PartitionedTableFileData | null | Pending {
    return this.parsedFile(file, 'partitioned', (b, source) => parsePartitionedTable(b, source)) as
      | PartitionedTableFileData
      | null
      | Pending;
  }

  readText(file: FileValue): string | null | Pending {
    return this.parsedFile(file, 'text', (b) => decoder.decode(b)) as string | null | Pending;
  }

  readBytes(file: FileValue): Uint8Array | null | Pending {
    return this.parsedFile(file, 'bytes', (b) => b) as Uint8Array | null | Pending;
  }

  listFiles(file: FileValue): readonly string[] | null | Pending {
    const loc = file.location;
    if (loc.kind !== 'artifact') return null;
    const entry = this.listings.get(loc.artifactId);
    if (entry && entry.names !== undefined) return entry.names;
    if (entry?.error) throw entry.error;
    if (!entry) this.listings.set(loc.artifactId, { id: loc.artifactId });
    this.listingRequests.add(loc.artifactId);
    this.requestCount++;
    return PENDING;
  }

  note(note: DataNote): void {
    if (!this.notes.some((n) => n.code === note.code && n.message === note.message)) this.notes.push(note);
  }

  // ------------------------------------------------------------------------------------------
  // Driver side

  /** Notes recorded since the last call (one target's evaluation). */
  takeNotes(): DataNote[] {
    const out = this.notes;
    this.notes = [];
    return out;
  }

  /** Field requests made so far (and forgets them). */
  takeFieldRequests(): FieldRequest[] {
    const out = [...this.fieldRequests.values()];
    this.fieldRequests.clear();
    return out;
  }

  /** Files asked for and not read yet. */
  takeFileRequests(): { key: string; ref: FileRef }[] {
    const out: { key: string; ref: FileRef }[] = [];
    for (const k of this.fileRequests) {
      const e = this.files.get(k);
      if (e && e.bytes === undefined && !e.error) out.push({ key: k, ref: e.ref });
    }
    this.fileRequests.clear();
    return out;
  }

  takeListingRequests(): string[] {
    const out = [...this.listingRequests].filter((id) => this.listings.get(id)?.names === undefined);
    this.listingRequests.clear();
    return out;
  }

  setFile(key: string, bytes: Uint8Array | null, error?: Error): void {
    const e = this.files.get(key);
    if (!e) return;
    if (error) e.error = error;
    else e.bytes = bytes;
  }

  setListing(id: string, names: readonly string[] | null, error?: Error): void {
    this.listings.set(id, error ? { id, error } : { id, names });
  }

  private parsedFile(file: FileValue, kind: FileKind, parse: (bytes: Uint8Array, source: string) => unknown): unknown {
    const ref = fileRef(file);
    if (!ref) return null;
    const key = fileKey(ref);
    let e = this.files.get(key);
    if (!e) {
      e = { ref, source: describeRef(ref), parsed: new Map() };
      this.files.set(key, e);
    }
    if (e.error) throw e.error;
    if (e.bytes === undefined) {
      this.fileRequests.add(key);
      this.requestCount++;
      return PENDING;
    }
    if (e.bytes === null) return null;
    if (e.parsed.has(kind)) return e.parsed.get(kind);
    const v = parse(e.bytes, e.source);
    e.parsed.set(kind, v);
    return v;
  }
}

/** The backend reference of a file value (null for a run file whose project is unknown). */
export function fileRef(file: FileValue): FileRef | null {
  const loc = file.location;
  if (loc.kind === 'artifact') return { kind: 'artifactId', id: loc.artifactId, path: file.path };
  const path = projectPath(loc.run);
  const name = loc.run.raw.name;
  if (!path || typeof name !== 'string') return null;
  return { kind: 'run', entity: path.entity, project: path.project, run: name, path: file.path };
}

function fileKey(ref: FileRef): string {
  switch (ref.kind) {
    case 'artifactId':
      return `a\u0000${ref.id}\u0000${ref.path}`;
    case 'artifact':
      return `v\u0000${ref.entity}\u0000${ref.project}\u0000${ref.artifact}\u0000${ref.version}\u0000${ref.path}`;
    case 'run':
      return `r\u0000${ref.entity}\u0000${ref.project}\u0000${ref.run}\u0000${ref.path}`;
  }
}

function describeRef(ref: FileRef): string {
  switch (ref.kind) {
    case 'artifactId':
      return `wandb-artifact://${ref.id}/${ref.path}`;
    case 'artifact':
      return `${ref.entity}/${ref.project}/${ref.artifact}:${ref.version}/${ref.path}`;
    case 'run':
      return `${ref.entity}/${ref.project}/runs/${ref.run}/files/${ref.path}`;
  }
}

function requestId(object: DomainObject | null, field: string, args: GqlArgs | undefined): string {
  return `${object ? objectId(object) : ''}\u0000${responseKey(field, args)}`;
}

const ids = new WeakMap<DomainObject, number>();
let nextId = 1;
function objectId(o: DomainObject): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}
