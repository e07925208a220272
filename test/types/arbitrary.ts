/** fast-check arbitraries of PanelQL types (for property tests). */
import fc from 'fast-check';
import {
  PLAIN_MEDIA_KINDS,
  SIMPLE_TYPE_NAMES,
  TABLE_KINDS,
  constType,
  dict,
  fileType,
  functionType,
  list,
  propsFromEntries,
  rawTagged,
  rawUnion,
  taggedValue,
  union,
  timestamp,
  typedDict,
  type MediaType,
  type Type,
} from '../../src/types/index.js';

/** Property names, including awkward ones. */
export const propertyName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'b', 'loss', 'run', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a.b', 'x y', ''),
  fc.string({ maxLength: 6 }),
);

const simple: fc.Arbitrary<Type> = fc.constantFrom(...SIMPLE_TYPE_NAMES);

const media: fc.Arbitrary<MediaType> = fc.oneof(
  fc.constantFrom(...PLAIN_MEDIA_KINDS).map((type) => ({ type }) as MediaType),
  fc.constant({ type: 'image-file' } as MediaType),
  fc.record({ type: fc.constant('image-file' as const), boxScoreKeys: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }) }),
);

const props = (t: fc.Arbitrary<Type>) =>
  fc.uniqueArray(fc.tuple(propertyName, t), { maxLength: 4, selector: ([k]) => k }).map((es) => propsFromEntries(es));

/** Arbitrary types, built without normalisation (any JSON shape the wire form allows). */
export const typeArb: fc.Arbitrary<Type> = fc.letrec<{ type: Type }>((tie) => {
  const t = tie('type');
  return {
    type: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      simple,
      fc.constant(timestamp()),
      fc.constant({ type: 'timestamp' } as Type),
      media,
      fc.constantFrom<Type>({ type: 'dir' }, { type: 'localdir' }),
      fc.record({ ext: fc.option(fc.constantFrom('png', 'json', 'trace.json', ''), { nil: undefined }), wb: fc.option(fc.oneof(media, fc.constant('none' as const)), { nil: undefined }) }).map(({ ext, wb }) => fileType(ext, wb)),
      fc.record({
        o: t,
        min: fc.option(fc.nat(5), { nil: undefined }),
        max: fc.option(fc.nat(5), { nil: undefined }),
      }).map(({ o, min, max }) => list(o, min, max)),
      t.map((o) => ({ type: 'ArrowWeaveList', objectType: o }) as Type),
      t.map(dict),
      fc.tuple(props(t), fc.option(fc.array(propertyName, { maxLength: 2 }), { nil: undefined })).map(([p, nrk]) => typedDict(p, nrk)),
      fc.array(t, { maxLength: 4 }).map(rawUnion),
      fc.tuple(t, t).map(([tag, value]) => rawTagged(tag, value)),
      fc.tuple(props(t), t).map(([i, o]) => functionType(i, o)),
      fc.tuple(fc.constantFrom(...TABLE_KINDS), props(t)).map(([type, columnTypes]) => ({ type, columnTypes }) as Type),
      fc.tuple(t, fc.jsonValue({ maxDepth: 2 })).map(([vt, v]) => constType(vt, v)),
      fc.array(fc.nat(10), { maxLength: 3 }).map((shape) => ({ type: 'ndarray', shape }) as Type),
    ),
  };
}).type;

/** Smaller types built with the normalising constructors, for algebraic laws (no const/function/exotic kinds). */
export const lawTypeArb: fc.Arbitrary<Type> = fc.letrec<{ type: Type }>((tie) => {
  const t = tie('type');
  return {
    type: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<Type>('number', 'string', 'boolean', 'none', 'run', 'int', 'any', 'invalid'),
      fc.constant(timestamp()),
      t.map((o) => list(o)),
      t.map(dict),
      props(t).map((p) => typedDict(p)),
      fc.array(t, { minLength: 1, maxLength: 3 }).map(union),
      fc.tuple(props(t), t).map(([tag, value]) => taggedValue(typedDict(tag), value)),
    ),
  };
}).type;
