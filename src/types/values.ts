/**
 * Values → types: the type of a plain JS/JSON value (the reference's `jsValToCGType` in
 * `refineHelpers.ts`), and the file type of an artifact path (`filePathToType`).
 */
import { fileType, list, typedDictFromOwnedProps, union } from './constructors.js';
import type { FileType, MediaType, Type } from './model.js';
import { emptyProps } from './props.js';

/** `prefix` of `name.<prefix>.json` → the media type it names (`filePrefixToMediaType`). */
function mediaTypeFromPrefix(prefix: string): MediaType | undefined {
  switch (prefix) {
    case 'image-file':
    case 'video-file':
    case 'audio-file':
    case 'html-file':
    case 'bokeh-file':
    case 'object3D-file':
    case 'molecule-file':
    case 'pytorch-model-file':
      return { type: prefix };
    case 'table':
    case 'joined-table':
    case 'partitioned-table':
      return { type: prefix, columnTypes: emptyProps() };
    default:
      return undefined;
  }
}

/** The last `.`-suffix of the path's final segment, or `''` when it has none. */
export function fileExtension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

/** Chrome-trace files: `x.trace`, `x.trace.json`, optionally `.gz` / `.zip` (dots unescaped as in the reference). */
const TRACE_FILE = /.+\.(trace)(.json)?(?:.gz|.zip)?$/;

/**
 * The file type of an artifact path (the reference's `filePathToType`):
 * - `extension` is the last suffix (`a/b.png` → `png`);
 * - a chrome trace (`x.trace`, `x.trace.json`, with optional `.gz`/`.zip`) gets extension
 *   `trace` or `trace.json`;
 * - otherwise `name.X.json` where X is a media or table kind (`image-file`, …, `table`,
 *   `joined-table`, `partitioned-table`) also sets `wbObjectType` to that media type.
 */
export function filePathToType(path: string): FileType {
  const trace = TRACE_FILE.exec(path);
  if (trace != null) return fileType(`${trace[1]}${trace[2] ?? ''}`);
  const extension = fileExtension(path);
  if (path.endsWith('.json')) {
    const parts = path.split('.');
    if (parts.length >= 3) {
      const media = mediaTypeFromPrefix(parts[parts.length - 2] as string);
      if (media) return fileType(extension, media);
    }
  }
  return fileType(extension);
}

/**
 * The asset path inside a W&B artifact reference `wandb-artifact://<id>/<path>` or
 * `wandb-client-artifact://<id>/<path>` (one or two leading slashes); `undefined` if `ref` is
 * not such a reference.
 */
export function artifactRefAssetPath(ref: string): string | undefined {
  let rest: string;
  if (ref.startsWith('wandb-artifact:')) rest = ref.slice('wandb-artifact:'.length);
  else if (ref.startsWith('wandb-client-artifact:')) rest = ref.slice('wandb-client-artifact:'.length);
  else return undefined;
  if (rest.startsWith('//')) rest = rest.slice(2);
  else if (rest.startsWith('/')) rest = rest.slice(1);
  else return undefined;
  const slash = rest.indexOf('/');
  return slash < 0 ? undefined : rest.slice(slash + 1);
}

const TABLE_REF_TYPES: ReadonlySet<unknown> = new Set(['table-file', 'partitioned-table', 'joined-table']);

/**
 * The type of a plain value (the reference's `jsValToCGType`):
 * - `null` / `undefined` → `none`; strings, numbers (NaN/±Infinity included), booleans → their types;
 * - arrays → `List<union(element types)>` with no length bounds (so `[]` → `List<invalid>`);
 * - W&B table references (`_type` ∈ `table-file`, `partitioned-table`, `joined-table`) → the file
 *   type of `artifact_path`'s asset path, else of `path`;
 * - `{_type: 'wb_trace_tree'}` → `wb_trace_tree`;
 * - `Date` objects → `date` (PanelQL addition; the reference only sees JSON);
 * - other objects → `typedDict` of their own enumerable properties (any key, incl. `__proto__`);
 * - anything else (functions, bigints, symbols) → `unknown`.
 */
export function typeOfValue(value: unknown): Type {
  if (value == null) return 'none';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      break;
    default:
      return 'unknown';
  }
  if (Array.isArray(value)) {
    // Repeated simple types are dropped up front (union would drop them: a later identical
    // member never survives); everything else is left to union's near-linear de-duplication.
    const members: Type[] = [];
    let simple: Set<string> | null = null;
    for (let i = 0; i < value.length; i++) {
      const t = typeOfValue(value[i]);
      if (typeof t === 'string') {
        if (simple === null) simple = new Set();
        else if (simple.has(t)) continue;
        simple.add(t);
      }
      members.push(t);
    }
    return list(union(members));
  }
  if (value instanceof Date) return 'date';
  const obj = value as Record<string, unknown>;
  const kind = Object.prototype.hasOwnProperty.call(obj, '_type') ? obj['_type'] : undefined;
  if (TABLE_REF_TYPES.has(kind)) {
    const ref = obj['artifact_path'];
    const asset = typeof ref === 'string' ? artifactRefAssetPath(ref) : undefined;
    if (asset !== undefined) return filePathToType(asset);
    const path = obj['path'];
    return typeof path === 'string' ? filePathToType(path) : fileType();
  }
  if (kind === 'wb_trace_tree') return { type: 'wb_trace_tree' };
  // A null-prototype map: plain assignment makes an own property for every key (even `__proto__`).
  const props = emptyProps();
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    props[k] = typeOfValue(obj[k]);
  }
  return typedDictFromOwnedProps(props);
}
