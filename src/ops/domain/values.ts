/**
 * Run-time values of the W&B domain types.
 *
 * A domain object (entity, project, run, user, artifact type, artifact, artifact version …) is
 * the GraphQL object the backend answered, wrapped so that
 * - resolvers read its fields by response key (`field`), and learn when a field was not fetched;
 * - it knows the object it was reached from (`parent`), which gives a run its project (for
 *   run files and links) and every object a way back into the API (`locator.ts`);
 * - its *enumerable* properties are a small canonical identity (`{entity, project, id}` for a
 *   run …), which is what a result shows, what `unique`/`groupby` compare, and which does not
 *   depend on which other fields the planner chose to fetch.
 *
 * Files are not GraphQL objects: a `FileValue` names an entry of an artifact version (or a run
 * file) by path; tables and the joined/partitioned table descriptions are read from files.
 */
import { isPlainObject } from '../values.js';

export type DomainKind =
  | 'entity'
  | 'project'
  | 'run'
  | 'user'
  | 'org'
  | 'artifactType'
  | 'artifact'
  | 'artifactVersion'
  | 'artifactAlias'
  | 'artifactMembership'
  | 'runQueue'
  | 'report'
  | 'instance';

/** The GraphQL type whose objects a domain kind wraps. */
export const GQL_TYPE_OF_KIND: Readonly<Record<DomainKind, string>> = {
  entity: 'Entity',
  project: 'Project',
  run: 'Run',
  user: 'User',
  org: 'Organization',
  artifactType: 'ArtifactType',
  artifact: 'ArtifactCollection',
  artifactVersion: 'Artifact',
  artifactAlias: 'ArtifactAlias',
  artifactMembership: 'ArtifactCollectionMembership',
  runQueue: 'RunQueue',
  report: 'View',
  instance: 'ServerInstance',
};

/** Returned by `DomainObject.field` for a field the response does not hold. */
export const MISSING: unique symbol = Symbol('panelql.missing');
export type Missing = typeof MISSING;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function defineEnumerable(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
}

const byRaw = new WeakMap<object, DomainObject>();

export class DomainObject {
  readonly #kind: DomainKind;
  readonly #raw: Record<string, unknown>;
  readonly #parent: DomainObject | null;
  #cache: Map<string, unknown> | null = null;

  private constructor(kind: DomainKind, raw: Record<string, unknown>, parent: DomainObject | null) {
    this.#kind = kind;
    this.#raw = raw;
    this.#parent = parent;
    const identity = canonicalIdentity(kind, raw, parent);
    for (const k of Object.keys(identity)) defineEnumerable(this, k, identity[k]);
  }

  /** The object for a raw GraphQL answer (one wrapper per raw object). */
  static of(kind: DomainKind, raw: Record<string, unknown>, parent: DomainObject | null): DomainObject {
    const known = byRaw.get(raw);
    // A wrapper made without its parent (while typing) gives way to one that knows it.
    if (known && known.#kind === kind && (known.#parent !== null || parent === null)) return known;
    const obj = new DomainObject(kind, raw, parent);
    byRaw.set(raw, obj);
    return obj;
  }

  /** A domain object for a raw answer, or null when the answer is null / not an object. */
  static maybe(kind: DomainKind, raw: unknown, parent: DomainObject | null): DomainObject | null {
    return isPlainObject(raw) ? DomainObject.of(kind, raw, parent) : null;
  }

  get kind(): DomainKind {
    return this.#kind;
  }

  get gqlType(): string {
    return GQL_TYPE_OF_KIND[this.#kind];
  }

  get parent(): DomainObject | null {
    return this.#parent;
  }

  /** The raw GraphQL object (shared with the fetched response; follow-up fetches add fields to it). */
  get raw(): Record<string, unknown> {
    return this.#raw;
  }

  /** The value under a response key, or MISSING when the response does not hold that field. */
  field(key: string): unknown {
    return hasOwn(this.#raw, key) ? this.#raw[key] : MISSING;
  }

  /** The nearest object of `kind` on the parent chain (this object included). */
  ancestor(kind: DomainKind): DomainObject | null {
    let o: DomainObject | null = this;
    while (o && o.#kind !== kind) o = o.#parent;
    return o;
  }

  /** A per-object cache for derived values (parsed summary, history rows …). */
  cached<T>(key: string, compute: () => T): T {
    const cache = (this.#cache ??= new Map());
    if (cache.has(key)) return cache.get(key) as T;
    const v = compute();
    cache.set(key, v);
    return v;
  }

  /** A cached derived value, or MISSING. */
  recall(key: string): unknown {
    const cache = this.#cache;
    return cache && cache.has(key) ? cache.get(key) : MISSING;
  }

  remember(key: string, value: unknown): void {
    (this.#cache ??= new Map()).set(key, value);
  }

  /** Drops cached derived values (after a follow-up fetch added fields). */
  invalidate(): void {
    this.#cache = null;
  }
}

/** Drops the derived values cached for the wrapper of `raw` (after fields were added to it). */
export function invalidateRaw(raw: object): void {
  byRaw.get(raw)?.invalidate();
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The project path `{entity, project}` of an object, from its fields or its parent chain. */
export function projectPath(obj: DomainObject): { entity: string; project: string } | null {
  for (let o: DomainObject | null = obj; o; o = o.parent) {
    if (o.kind === 'project') {
      const name = str(o.raw.name);
      const entity = str(o.raw.entityName) ?? (isPlainObject(o.raw.entity) ? str(o.raw.entity.name) : null);
      if (name != null && entity != null) return { entity, project: name };
      return null;
    }
    const p = o.raw.project;
    if (isPlainObject(p)) {
      const name = str(p.name);
      const entity = str(p.entityName) ?? (isPlainObject(p.entity) ? str(p.entity.name) : null);
      if (name != null && entity != null) return { entity, project: name };
    }
  }
  return null;
}

/** `<sequence>:v<index>` of an artifact version, when the fields are present. */
export function artifactVersionName(raw: Record<string, unknown>): string | null {
  const seq = raw.artifactSequence;
  const idx = raw.versionIndex;
  if (isPlainObject(seq) && typeof seq.name === 'string' && typeof idx === 'number') return `${seq.name}:v${idx}`;
  return null;
}

function canonicalIdentity(kind: DomainKind, raw: Record<string, unknown>, parent: DomainObject | null): Record<string, unknown> {
  switch (kind) {
    case 'entity':
    case 'org':
    case 'artifactType':
    case 'artifact':
    case 'runQueue':
      return { name: raw.name ?? null };
    case 'user':
      return { username: raw.username ?? null };
    case 'project':
      return { entity: raw.entityName ?? null, name: raw.name ?? null };
    case 'run': {
      const own = isPlainObject(raw.project) ? raw.project : null;
      const path =
        (parent ? projectPath(parent) : null) ??
        (own && typeof own.name === 'string' && typeof own.entityName === 'string'
          ? { entity: own.entityName, project: own.name }
          : null);
      return path ? { entity: path.entity, project: path.project, id: raw.name ?? null } : { id: raw.name ?? null };
    }
    case 'artifactVersion': {
      const name = artifactVersionName(raw);
      return name != null ? { name } : { id: raw.id ?? null };
    }
    case 'artifactAlias':
      return { alias: raw.alias ?? null };
    case 'artifactMembership':
      return { versionIndex: raw.versionIndex ?? null };
    case 'report':
      return { id: raw.id ?? null };
    case 'instance':
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Files and tables
// ---------------------------------------------------------------------------------------------

/** Where a file lives: an artifact version entry (by the version's id) or a run file. */
export type FileLocation =
  | { readonly kind: 'artifact'; readonly artifactId: string; readonly version: DomainObject | null }
  | { readonly kind: 'run'; readonly run: DomainObject };

/** A file: an artifact version entry or a run file. Its enumerable form is `{artifact|run, path}`. */
export class FileValue {
  readonly #location: FileLocation;
  readonly #path: string;
  readonly #ref: Readonly<Record<string, unknown>> | null;

  constructor(location: FileLocation, path: string, ref: Readonly<Record<string, unknown>> | null = null) {
    this.#location = location;
    this.#path = path;
    this.#ref = ref;
    if (location.kind === 'artifact') {
      const name = location.version ? artifactVersionName(location.version.raw) : null;
      defineEnumerable(this, 'artifact', name ?? location.artifactId);
    } else {
      defineEnumerable(this, 'run', location.run.raw.name ?? null);
    }
    defineEnumerable(this, 'path', path);
  }

  get location(): FileLocation {
    return this.#location;
  }

  get path(): string {
    return this.#path;
  }

  /** The reference object this file came from (a summary / history / metadata value), if any. */
  get ref(): Readonly<Record<string, unknown>> | null {
    return this.#ref;
  }

  /** A sibling entry of the same artifact version (or the same run). */
  sibling(path: string): FileValue {
    return new FileValue(this.#location, path);
  }
}

/** A parsed W&B table: column names, rows of cells, and the serialized `column_types`. */
export class TableValue {
  readonly #file: FileValue | null;
  readonly #columns: readonly string[];
  readonly #rows: readonly (readonly unknown[])[];
  readonly #columnTypes: unknown;

  constructor(file: FileValue | null, columns: readonly string[], rows: readonly (readonly unknown[])[], columnTypes?: unknown) {
    this.#file = file;
    this.#columns = columns;
    this.#rows = rows;
    this.#columnTypes = columnTypes;
    defineEnumerable(this, 'columns', columns);
    defineEnumerable(this, 'data', rows);
  }

  get file(): FileValue | null {
    return this.#file;
  }

  get columnNames(): readonly string[] {
    return this.#columns;
  }

  get rows(): readonly (readonly unknown[])[] {
    return this.#rows;
  }

  /** The serialized W&B `column_types` of the file, if it has one. */
  get columnTypes(): unknown {
    return this.#columnTypes;
  }
}

/** A `*.joined-table.json` description. */
export class JoinedTableValue {
  readonly #file: FileValue;
  readonly #spec: { readonly table1: string; readonly table2: string; readonly joinKey: readonly [string, string] };

  constructor(file: FileValue, table1: string, table2: string, joinKey: readonly [string, string]) {
    this.#file = file;
    this.#spec = { table1, table2, joinKey };
    defineEnumerable(this, 'table1', table1);
    defineEnumerable(this, 'table2', table2);
    defineEnumerable(this, 'join_key', joinKey[0] === joinKey[1] ? joinKey[0] : [...joinKey]);
  }

  get file(): FileValue {
    return this.#file;
  }

  get spec(): { readonly table1: string; readonly table2: string; readonly joinKey: readonly [string, string] } {
    return this.#spec;
  }
}

/** A `*.partitioned-table.json` description. */
export class PartitionedTableValue {
  readonly #file: FileValue;
  readonly #partsPath: string;

  constructor(file: FileValue, partsPath: string) {
    this.#file = file;
    this.#partsPath = partsPath;
    defineEnumerable(this, 'parts_path', partsPath);
  }

  get file(): FileValue {
    return this.#file;
  }

  get partsPath(): string {
    return this.#partsPath;
  }
}
