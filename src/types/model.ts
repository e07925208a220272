/**
 * The representation of PanelQL types.
 *
 * A type IS its Weave Type JSON: plain, immutable data (strings for simple types, objects with a
 * `type` discriminant for the others), with exactly the field names the reference (weave-js,
 * `core/model/types.ts`) uses. Nothing here is a class, so types can be compared, hashed,
 * serialised and sent over the wire as they are.
 *
 * Objects created by this module use null-prototype maps for `propertyTypes`, `inputTypes` and
 * `columnTypes`, so that property names such as `__proto__` or `constructor` are ordinary keys.
 * Code that builds types by hand with `{}` literals is still accepted everywhere: every lookup
 * in this module goes through own-property checks (see `props.ts`).
 */

/** Every simple (string) type name, in the reference's order (`ALL_BASIC_TYPES`). */
export const SIMPLE_TYPE_NAMES = [
  'invalid',
  'any',
  'unknown',
  'string',
  'id',
  'number',
  'boolean',
  'date',
  'report',
  'artifact',
  'artifactMembership',
  'artifactVersion',
  'artifactType',
  'artifactAlias',
  'run',
  'entity',
  'project',
  'org',
  'user',
  'type',
  'link',
  'none',
  'runQueue',
  // Weave Python additions
  'histogram',
  'int',
  'float',
  'sqlconnection',
] as const;

export type SimpleTypeName = (typeof SIMPLE_TYPE_NAMES)[number];

/** A map from names to types (typedDict properties, function inputs, table columns). */
export interface PropertyTypes {
  readonly [key: string]: Type;
}

/** The list-like kinds: `list` itself and the Python list implementations. */
export const LIST_KINDS = ['list', 'ArrowWeaveList', 'dataframeTable', 'groupresult', 'runs'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** `List<objectType>`, optionally with known length bounds. */
export interface ListType {
  readonly type: 'list';
  readonly objectType: Type;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A Python list implementation (`ArrowWeaveList`, `dataframeTable`, `groupresult`, `runs`). */
export interface ListLikeType {
  readonly type: Exclude<ListKind, 'list'>;
  readonly objectType: Type;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A dict with known keys. Keys in `notRequiredKeys` may be absent (informational). */
export interface TypedDictType {
  readonly type: 'typedDict';
  readonly propertyTypes: PropertyTypes;
  readonly notRequiredKeys?: readonly string[];
}

/** A dict with string keys and values of one type. */
export interface DictType {
  readonly type: 'dict';
  readonly objectType: Type;
}

/** One of several types; `Maybe<T>` is a union containing `'none'`. */
export interface UnionType {
  readonly type: 'union';
  readonly members: readonly Type[];
}

/** A value of type `value` carrying metadata (tags) of type `tag`; tags nest on the tag side. */
export interface TaggedValueType {
  readonly type: 'tagged';
  readonly tag: Type;
  readonly value: Type;
}

/** A lambda: named inputs and an output type. */
export interface FunctionType {
  readonly type: 'function';
  readonly inputTypes: PropertyTypes;
  readonly outputType: Type;
}

/** A file, optionally with its extension and the W&B media object it holds. */
export interface FileType {
  readonly type: 'file';
  readonly extension?: string;
  readonly wbObjectType?: MediaType | 'none';
}

export interface DirType {
  readonly type: 'dir';
}

export interface LocalDirType {
  readonly type: 'localdir';
}

/** Milliseconds since the Unix epoch. */
export interface TimestampType {
  readonly type: 'timestamp';
  readonly unit?: 'ms';
}

/** A type known to hold exactly one value (`val`, plain JSON data). */
export interface ConstType {
  readonly type: 'const';
  readonly valType: Type;
  readonly val: unknown;
}

export interface NDArrayType {
  readonly type: 'ndarray';
  readonly shape: readonly number[];
  readonly serializationPath?: { readonly key: string; readonly path: string };
}

/** The table kinds. */
export const TABLE_KINDS = ['table', 'joined-table', 'partitioned-table', 'incremental-table'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** A W&B table (columns are not checked by assignability, as in the reference). */
export interface TableType {
  readonly type: TableKind;
  readonly columnTypes: PropertyTypes;
}

/** A W&B image, with optional annotation layers. */
export interface ImageType {
  readonly type: 'image-file';
  readonly boxLayers?: { readonly [layer: string]: readonly string[] };
  readonly boxScoreKeys?: readonly string[];
  readonly maskLayers?: { readonly [layer: string]: readonly string[] };
  readonly classMap?: { readonly [key: string]: string };
}

/** Media kinds without attributes. */
export const PLAIN_MEDIA_KINDS = [
  'video-file',
  'audio-file',
  'html-file',
  'bokeh-file',
  'object3D-file',
  'molecule-file',
  'pytorch-model-file',
  'wb_trace_tree',
] as const;
export type PlainMediaKind = (typeof PLAIN_MEDIA_KINDS)[number];

export interface PlainMediaType {
  readonly type: PlainMediaKind;
}

/** The W&B media types (the reference's `MediaType`), tables included. */
export type MediaType = ImageType | PlainMediaType | TableType;

/** All media kind names (`image-file`, …, tables). */
export const MEDIA_KINDS: readonly MediaType['type'][] = ['image-file', ...PLAIN_MEDIA_KINDS, ...TABLE_KINDS];

export type ComplexType =
  | ListType
  | ListLikeType
  | TypedDictType
  | DictType
  | UnionType
  | TaggedValueType
  | FunctionType
  | FileType
  | DirType
  | LocalDirType
  | TimestampType
  | ConstType
  | NDArrayType
  | MediaType;

/** A PanelQL type (= a Weave Type JSON value). */
export type Type = SimpleTypeName | ComplexType;

/** The `type` field of a complex type. */
export type ComplexTypeKind = ComplexType['type'];

/** Every complex kind name this module understands. */
export const COMPLEX_TYPE_KINDS: readonly ComplexTypeKind[] = [
  ...LIST_KINDS,
  'typedDict',
  'dict',
  'union',
  'tagged',
  'function',
  'file',
  'dir',
  'localdir',
  'timestamp',
  'const',
  'ndarray',
  ...MEDIA_KINDS,
];

const SIMPLE_SET: ReadonlySet<string> = new Set(SIMPLE_TYPE_NAMES);
const COMPLEX_SET: ReadonlySet<string> = new Set(COMPLEX_TYPE_KINDS);

/** Is `name` one of the simple type names? */
export function isSimpleTypeName(name: unknown): name is SimpleTypeName {
  return typeof name === 'string' && SIMPLE_SET.has(name);
}

/** Is `name` the `type` field of a complex type this module understands? */
export function isComplexTypeKind(name: unknown): name is ComplexTypeKind {
  return typeof name === 'string' && COMPLEX_SET.has(name);
}
