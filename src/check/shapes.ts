/**
 * A quick, sound pre-test for `isAssignableTo(t, d)`: the *heads* of `t` (the shapes a value of
 * type `t` can show once tags, unions, consts and function outputs are looked through; lists
 * with their element heads) must meet the heads `d` *accepts*. When they do not meet, `t` is
 * certainly not assignable to `d`; when they do, only `isAssignableTo` can tell. `suggest` uses
 * it to test a receiver against a few op parameter types instead of all of them.
 *
 * Why it is sound, rule by rule of `isAssignableTo` (every `true` it returns has a witness):
 * - tagged `t` whose value fits: heads(t) ⊇ heads(value); tagged → tagged needs the values to
 *   fit, so accepts(tagged d) = accepts(d.value);
 * - union `t` fits when every (so the first) member does: heads(t) ⊇ heads(member);
 * - union `d` takes `t` when one member does: accepts(d) = ⋃ accepts(member);
 * - const `t` fits through its value type (const → const too): heads = heads(valType), and
 *   accepts(const d) = accepts(d.valType);
 * - a function `t` fits through its output, or as a function: heads ∋ `function`;
 * - simple names: equal, or the number hacks (int/float ↔ number, int → float);
 * - lists: any list kind fits `list` (a Python list kind only its own kind) when the elements
 *   fit: heads `kind:h` for each element head `h` (and `kind:*`), accepts `kind:a` for each
 *   element head accepted (`kind:*` when the element type accepts everything);
 * - dicts and typedDicts fit each other; every other kind needs the same kind.
 */
import { LIST_KINDS, isComplexType, isList, type Type } from '../types/index.js';

/** A set of heads; `ALL` when a type accepts anything (`any` somewhere on the way). */
export type Accepted = ReadonlySet<string> | typeof ALL;
export const ALL = 'all' as const;

const NUMBER_HACKS: Readonly<Record<string, readonly string[]>> = {
  number: ['number', 'int', 'float'],
  int: ['int', 'number'],
  float: ['float', 'number', 'int'],
};

/** The heads `d` accepts (see above). */
export function acceptedHeads(d: Type): Accepted {
  const out = new Set<string>();
  return addAccepted(d, out) ? ALL : out;
}

/** Adds what `d` accepts to `out`; true when it accepts everything. */
function addAccepted(d: Type, out: Set<string>): boolean {
  if (typeof d === 'string') {
    if (d === 'any') return true;
    for (const h of NUMBER_HACKS[d] ?? [d]) out.add(h);
    return false;
  }
  if (!isComplexType(d)) return true;
  switch (d.type) {
    case 'union':
      return d.members.some((m) => addAccepted(m, out));
    case 'tagged':
      return addAccepted(d.value, out);
    case 'const':
      return addAccepted(d.valType, out);
    case 'dict':
    case 'typedDict':
      out.add('dict');
      out.add('typedDict');
      return false;
    default:
      break;
  }
  if (isList(d)) {
    const kinds = d.type === 'list' ? LIST_KINDS : [d.type];
    const element = acceptedHeads(d.objectType);
    for (const k of kinds) {
      if (element === ALL) out.add(`${k}:*`);
      else for (const a of element) out.add(`${k}:${a}`);
    }
    return false;
  }
  out.add(d.type);
  return false;
}

/** The heads of `t` (see above); null for a value that is no type (no pre-test then). */
export function typeHeads(t: Type): ReadonlySet<string> | null {
  const out = new Set<string>();
  return addHeads(t, out) ? out : null;
}

function addHeads(t: Type, out: Set<string>): boolean {
  if (typeof t === 'string') {
    out.add(t);
    return true;
  }
  if (!isComplexType(t)) return false;
  switch (t.type) {
    case 'union':
      return t.members.every((m) => addHeads(m, out));
    case 'tagged':
      return addHeads(t.value, out);
    case 'const':
      return addHeads(t.valType, out);
    case 'function':
      out.add('function');
      return addHeads(t.outputType, out);
    default:
      break;
  }
  if (isList(t)) {
    const element = new Set<string>();
    if (!addHeads(t.objectType, element)) return false;
    out.add(`${t.type}:*`);
    for (const h of element) out.add(`${t.type}:${h}`);
    return true;
  }
  out.add(t.type);
  return true;
}

/** Do the heads of a type meet what a parameter type accepts? (If not, it is not assignable.) */
export function headsMeet(heads: ReadonlySet<string>, accepted: Accepted): boolean {
  if (accepted === ALL) return true;
  for (const h of heads) if (accepted.has(h)) return true;
  return false;
}
