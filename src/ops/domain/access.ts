/**
 * What the domain resolvers need from the execution driver: the `DataAccess` content for W&B
 * data (`ctx.data.wandb`).
 *
 * Resolvers are synchronous. Everything they read was fetched before the expression runs (the
 * planner's document, its further pages, files named by the plan). When a resolver meets
 * something that is not there — a field the planner did not select (a computed argument such
 * as `project("acme", runs[0].name)`), a file found only in the data (a table reference in a
 * summary) — it *asks* for it and answers PENDING; the driver fetches everything asked for in
 * one round and evaluates the expression again. A value computed while something was pending
 * is never shown.
 */
import type { ResolveContext } from '../opdef.js';
import type { GqlArgs } from './alias.js';
import { MISSING, type DomainObject, type FileValue } from './values.js';

/** A resolver's answer while data is being fetched. */
export const PENDING: unique symbol = Symbol('panelql.pending');
export type Pending = typeof PENDING;

/** A parsed `*.table.json` (the shape of the backends' table readers). */
export interface TableFileData {
  readonly columns: readonly string[];
  readonly data: readonly (readonly unknown[])[];
  readonly columnTypes?: unknown;
}

export interface JoinedTableFileData {
  readonly table1: string;
  readonly table2: string;
  readonly joinKey: readonly [string, string];
}

export interface PartitionedTableFileData {
  readonly partsPath: string;
}

/** A note for the user attached to the evaluation (not an error): missing objects, truncation. */
export interface DataNote {
  readonly code: string;
  readonly message: string;
}

export interface WandbData {
  /** The answer of a root field by response key (`project_<h>` …), or MISSING when not fetched. */
  root(key: string): unknown;
  /** Asks for `field(args)` at the root (`object` null) or on `object`; the evaluation is repeated once it is fetched. */
  requestField(object: DomainObject | null, field: string, args?: GqlArgs): void;
  /** Parses a JSONString answer (bare NaN / Infinity allowed); cached by text. */
  parseJson(text: string): unknown;
  /** File contents, each null when the file does not exist, PENDING until fetched. */
  readTable(file: FileValue): TableFileData | null | Pending;
  readJoinedTable(file: FileValue): JoinedTableFileData | null | Pending;
  readPartitionedTable(file: FileValue): PartitionedTableFileData | null | Pending;
  readText(file: FileValue): string | null | Pending;
  readBytes(file: FileValue): Uint8Array | null | Pending;
  /** Entry names of the artifact version holding `file`, in manifest order. */
  listFiles(file: FileValue): readonly string[] | null | Pending;
  /** Records a note for the current evaluation (e.g. `project acme/x not found`). */
  note(note: DataNote): void;
}

/** The W&B data of a resolver's context; throws when the expression runs without a backend. */
export function wandbData(ctx: Pick<ResolveContext, 'data'>): WandbData {
  const d = ctx.data?.['wandb'];
  if (d == null) throw new Error('this expression reads W&B data: evaluate it with a backend (a workspace or the W&B API)');
  return d as WandbData;
}

export function isPending(v: unknown): v is Pending {
  return v === PENDING;
}

export { MISSING };
