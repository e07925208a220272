/**
 * The readable form of types, for users (diagnostics, hover, docs). See docs/types.md.
 *
 * Simple names are capitalised (`Number`, `String`, `Run`, `ArtifactVersion`); containers use
 * angle brackets (`List<Number>`, `Dict<String>`, `Maybe<Number>`); unions are `A | B`;
 * typedDicts are `{a: Number, "b c": String}`. In simple mode (the default) tags and const
 * types are invisible (only the value type is shown) and list length bounds are omitted; with
 * `simple = false` they are shown: `Tagged<{run: Run}, Number>`, `Const<Number, 3>`,
 * `List<Number; length 3>`.
 */
import { isComplexType } from './guards.js';
import type { PropertyTypes, SimpleTypeName, Type } from './model.js';

const SIMPLE_NAMES: Partial<Record<SimpleTypeName, string>> = {
  sqlconnection: 'SQLConnection',
};

const KIND_NAMES: Record<string, string> = {
  'image-file': 'Image',
  'video-file': 'Video',
  'audio-file': 'Audio',
  'html-file': 'Html',
  'bokeh-file': 'Bokeh',
  'object3D-file': 'Object3D',
  'molecule-file': 'Molecule',
  'pytorch-model-file': 'PytorchModel',
  wb_trace_tree: 'TraceTree',
  table: 'Table',
  'joined-table': 'JoinedTable',
  'partitioned-table': 'PartitionedTable',
  'incremental-table': 'IncrementalTable',
  dir: 'Dir',
  localdir: 'LocalDir',
  timestamp: 'Timestamp',
};

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** The readable name of a simple type: `number` → `Number`, `artifactVersion` → `ArtifactVersion`. */
export function simpleTypeName(t: SimpleTypeName): string {
  return SIMPLE_NAMES[t] ?? capitalise(t);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  return IDENT.test(k) ? k : JSON.stringify(k);
}

function props(p: PropertyTypes, simple: boolean, optional: readonly string[] = []): string {
  return Object.keys(p)
    .map((k) => `${key(k)}${optional.includes(k) ? '?' : ''}: ${typeToString(p[k] as Type, simple)}`)
    .join(', ');
}

function lengthSuffix(min: number | undefined, max: number | undefined): string {
  if (min == null && max == null) return '';
  if (min != null && min === max) return `; length ${min}`;
  if (min != null && max != null) return `; length ${min}..${max}`;
  if (min != null) return `; length ≥ ${min}`;
  return `; length ≤ ${max}`;
}

/** Printed members of a union; `none` members (also tagged nones in simple mode) are reported separately. */
function unionString(members: readonly Type[], simple: boolean): string {
  let nullable = false;
  const parts = new Set<string>();
  for (const m of members) {
    const s = typeToString(m, simple);
    if (m === 'none' || (simple && s === 'None')) {
      nullable = true;
      continue;
    }
    // In simple mode members that differ only in tags print the same: show them once.
    parts.add(s);
  }
  if (parts.size === 0) return nullable ? 'None' : 'Invalid';
  const body = [...parts].join(' | ');
  return nullable ? `Maybe<${body}>` : body;
}

/**
 * The readable form of a type. `simple` (default true) hides tags, const values and list
 * length bounds; `simple = false` shows everything.
 */
export function typeToString(t: Type, simple = true): string {
  if (!isComplexType(t)) return simpleTypeName(t);
  switch (t.type) {
    case 'list':
    case 'ArrowWeaveList':
    case 'dataframeTable':
    case 'groupresult':
    case 'runs': {
      const name = t.type === 'list' ? 'List' : capitalise(t.type);
      const len = simple ? '' : lengthSuffix(t.minLength, t.maxLength);
      return `${name}<${typeToString(t.objectType, simple)}${len}>`;
    }
    case 'typedDict':
      return `{${props(t.propertyTypes, simple, t.notRequiredKeys)}}`;
    case 'dict':
      return `Dict<${typeToString(t.objectType, simple)}>`;
    case 'union':
      return unionString(t.members, simple);
    case 'tagged':
      return simple ? typeToString(t.value, simple) : `Tagged<${typeToString(t.tag, simple)}, ${typeToString(t.value, simple)}>`;
    case 'function':
      return `Function<(${props(t.inputTypes, simple)}) => ${typeToString(t.outputType, simple)}>`;
    case 'file': {
      const parts: string[] = [];
      if (t.extension) parts.push(`.${t.extension}`);
      if (t.wbObjectType != null && t.wbObjectType !== 'none') parts.push(typeToString(t.wbObjectType, simple));
      return parts.length > 0 ? `File<${parts.join(', ')}>` : 'File';
    }
    case 'const':
      return simple ? typeToString(t.valType, simple) : `Const<${typeToString(t.valType, simple)}, ${constText(t.val)}>`;
    case 'ndarray':
      return `NDArray<${t.shape.length === 0 ? 'scalar' : t.shape.join('×')}>`;
    case 'table':
    case 'joined-table':
    case 'partitioned-table':
    case 'incremental-table': {
      const cols = props(t.columnTypes, simple);
      return cols.length > 0 ? `${KIND_NAMES[t.type]}<{${cols}}>` : (KIND_NAMES[t.type] as string);
    }
    default:
      return KIND_NAMES[t.type] ?? capitalise(t.type);
  }
}

function constText(val: unknown): string {
  try {
    const s = JSON.stringify(val);
    if (s === undefined) return String(val);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return String(val);
  }
}

/** Longest printed type an error message carries (refined types of many runs print to megabytes). */
export const MESSAGE_TYPE_CHARS = 240;

/** `typeToString` for a message: cut after `max` characters, saying how much was left out. */
export function typeToMessageString(t: Type, max = MESSAGE_TYPE_CHARS): string {
  const s = typeToString(t);
  if (s.length <= max) return s;
  let cut = max;
  // never split a surrogate pair
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${s.slice(0, cut)}… (${s.length - cut} more characters)`;
}
