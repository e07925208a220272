import { describe, expect, it } from 'vitest';
import {
  basicOpArgType,
  basicOpOutputType,
  configurableOpOutputType,
  equalOpOutputType,
  isAssignableTo,
  list,
  mappable,
  mappableNullable,
  mappableNullableTaggable,
  mappableNullableTaggableStrip,
  mappableStrip,
  maybe,
  mntTypeApply,
  mntTypeStrip,
  nullable,
  nullableSkipTaggable,
  nullableStrip,
  nullableTaggable,
  nullableTaggableStrip,
  propsFromEntries,
  rawUnion,
  skipNullable,
  skipTaggable,
  standardOpArgType,
  standardOpOutputType,
  tagConsumingOpOutputType,
  tagGetterOutputType,
  taggable,
  taggableStrip,
  taggedValue,
  taggingOpOutputType,
  typedDict,
  union,
  withGroupTag,
  withJoinTag,
  withNamedTag,
  type PropertyTypes,
  type Type,
} from '../../src/types/index.js';

const runTag = typedDict({ run: 'run' });
const projectTag = typedDict({ project: 'project' });
const toNumber = () => 'number' as Type;
const args = (...entries: [string, Type][]): PropertyTypes => propsFromEntries(entries);

describe('nullable / taggable / mappable', () => {
  it('nullable', () => {
    expect(nullable('none', toNumber)).toBe('none');
    expect(nullable(maybe('string'), toNumber)).toEqual(maybe('number'));
    expect(nullable('string', toNumber)).toBe('number');
    expect(nullable(maybe('string'), (t) => t)).toEqual(maybe('string'));
    expect(nullableStrip(maybe('string'))).toBe('string');
    expect(nullableStrip('none')).toBe('none');
    expect(skipNullable(maybe('string'), toNumber)).toBe('number');
    expect(skipNullable('none', toNumber)).toBe('none');
  });
  it('taggable', () => {
    expect(taggable(taggedValue(runTag, 'string'), toNumber)).toEqual(taggedValue(runTag, 'number'));
    const u = rawUnion([taggedValue(runTag, 'string'), taggedValue(projectTag, 'boolean')]);
    expect(taggable(u, (t) => list(t))).toEqual(union([taggedValue(runTag, list('string')), taggedValue(projectTag, list('boolean'))]));
    expect(taggable('string', toNumber)).toBe('number');
    expect(taggableStrip(taggedValue(runTag, 'string'))).toBe('string');
    expect(skipTaggable(taggedValue(runTag, 'string'), (v, tag) => typedDict({ v, tag: tag ?? 'none' }))).toEqual(
      typedDict({ v: 'string', tag: runTag }),
    );
  });
  it('mappable maps exactly one list level and keeps bounds', () => {
    expect(mappable(list('string', 2, 2), toNumber)).toEqual(list('number', 2, 2));
    expect(mappable(list(list('string')), (t) => maybe(t))).toEqual(list(maybe(list('string'))));
    expect(mappable('string', toNumber)).toBe('number');
    expect(mappableStrip(list('string'))).toBe('string');
    expect(mappable({ type: 'ArrowWeaveList', objectType: 'string' }, toNumber)).toEqual(list('number'));
  });
  it('nullableTaggable keeps nulls and tags in the reference order', () => {
    expect(nullableTaggable(maybe(taggedValue(runTag, maybe('string'))), toNumber)).toEqual(
      maybe(taggedValue(runTag, maybe('number'))),
    );
    expect(nullableTaggableStrip(maybe(taggedValue(runTag, maybe('string'))))).toBe('string');
  });
  it('nullableSkipTaggable passes the tag and drops it', () => {
    expect(nullableSkipTaggable(maybe(taggedValue(runTag, 'string')), (_v, tag) => tag ?? 'none')).toEqual(maybe(runTag));
  });
  it('mappableNullable', () => {
    expect(mappableNullable(maybe(list(maybe('string'))), toNumber)).toEqual(maybe(list(maybe('number'))));
  });
  it('mappableNullableTaggable', () => {
    const t = maybe(taggedValue(projectTag, list(taggedValue(runTag, maybe('string')), 3, 3)));
    expect(mappableNullableTaggable(t, toNumber)).toEqual(maybe(taggedValue(projectTag, list(taggedValue(runTag, maybe('number')), 3, 3))));
    expect(mappableNullableTaggableStrip(t)).toBe('string');
  });
});

describe('mntTypeApply / mntTypeStrip', () => {
  it('maps through every list level, union member and tag', () => {
    const t = list(list(taggedValue(runTag, maybe('string'))));
    expect(mntTypeApply(t, toNumber)).toEqual(list(list(taggedValue(runTag, maybe('number')))));
  });
  it('tags: true hands tagged values to fn', () => {
    const seen: Type[] = [];
    mntTypeApply(list(taggedValue(runTag, 'string')), (x) => (seen.push(x), 'number'), { tags: true });
    expect(seen).toEqual([taggedValue(runTag, 'string')]);
  });
  it('nones: true hands none to fn', () => {
    expect(mntTypeApply(list(maybe('string')), () => 'boolean', { nones: true })).toEqual(list('boolean'));
    expect(mntTypeApply(list(maybe('string')), () => 'boolean')).toEqual(list(maybe('boolean')));
  });
  it('dims stops that many levels from the bottom', () => {
    const t = list(list(list('number')));
    expect(mntTypeApply(t, (x) => typedDict({ x }), { dims: 1 })).toEqual(list(list(typedDict({ x: list('number') }))));
    expect(mntTypeApply(list('number'), toNumber, { dims: 2 })).toBe('invalid');
    expect(mntTypeStrip(t, { dims: 1 })).toEqual(list('number'));
    expect(mntTypeStrip(list(list(taggedValue(runTag, maybe('number')))))).toBe('number');
    expect(mntTypeStrip(list(taggedValue(runTag, 'number')), { tags: true })).toEqual(taggedValue(runTag, 'number'));
    expect(mntTypeStrip(list('none'))).toBe('none');
  });
});

describe('op kinds (ops/opKinds.ts output types)', () => {
  it('declared receiver types', () => {
    expect(basicOpArgType(list('any'))).toEqual(maybe(list('any')));
    expect(standardOpArgType('number')).toEqual(rawUnion(['none', list(maybe('number')), maybe('number')]));
  });

  it('standard op: [1, null, 3] + 1 → List<Maybe<number>> (len 3)', () => {
    const lhs = list(union(['number', 'none']), 3, 3);
    const out = standardOpOutputType(args(['lhs', lhs], ['rhs', 'number']), toNumber);
    expect(out).toEqual(list(union(['none', 'number']), 3, 3));
  });

  it('standard op keeps element and list tags; receiver arrives unwrapped, other args as declared', () => {
    const lhs = taggedValue(projectTag, list(taggedValue(runTag, 'number')));
    let seen: PropertyTypes | undefined;
    const out = standardOpOutputType(args(['lhs', lhs], ['rhs', maybe('number')]), (a) => {
      seen = a;
      return 'boolean';
    });
    expect(out).toEqual(taggedValue(projectTag, list(taggedValue(runTag, 'boolean'))));
    expect(Object.keys(seen!)).toEqual(['lhs', 'rhs']);
    expect(seen!['lhs']).toBe('number');
    expect(seen!['rhs']).toEqual(maybe('number'));
  });

  it('basic op: count of a tagged list keeps the list tag, does not map', () => {
    const arr = maybe(taggedValue(projectTag, list(taggedValue(runTag, 'number'))));
    expect(basicOpOutputType(args(['arr', arr]), toNumber)).toEqual(maybe(taggedValue(projectTag, 'number')));
  });

  it('tagging op: runs.summary → List<Tagged<{run: Run}, {}>>', () => {
    const runs = taggedValue(projectTag, list('run'));
    const out = taggingOpOutputType(args(['run', runs]), () => typedDict({}));
    expect(out).toEqual(taggedValue(projectTag, list(taggedValue(typedDict({ run: 'run' }), typedDict({})))));
  });

  it('tagging op on a tagged receiver chains tags: the run keeps its project', () => {
    const run = taggedValue(projectTag, 'run');
    const out = taggingOpOutputType(args(['run', run]), toNumber);
    expect(out).toEqual(taggedValue(projectTag, taggedValue(typedDict({ run: 'run' }), 'number')));
    expect(isAssignableTo(out, taggedValue(projectTag, 'any'))).toBe(true);
    expect(isAssignableTo(out, taggedValue(runTag, 'any'))).toBe(true);
  });

  it('tag-consuming op maps all list levels and sees tags', () => {
    const seen: Type[] = [];
    const out = tagConsumingOpOutputType(args(['x', list(list(taggedValue(runTag, 'string')))]), (a) => {
      seen.push(a['x'] as Type);
      return 'number';
    });
    expect(out).toEqual(list(list('number')));
    expect(seen).toEqual([taggedValue(runTag, 'string')]);
  });

  it('configurable op with dims 1 (dropna) works on the innermost lists', () => {
    const out = configurableOpOutputType(args(['arr', list(list(maybe('number')))]), (a) => list(nullableStrip(listElem(a['arr'] as Type))), { dims: 1 });
    expect(out).toEqual(list(list('number')));
  });

  it('== type: none lhs → none; lists map', () => {
    expect(equalOpOutputType('none')).toBe('none');
    expect(equalOpOutputType(list(maybe('number')))).toEqual(list(maybe('boolean')));
    expect(equalOpOutputType(taggedValue(runTag, 'string'))).toEqual(taggedValue(runTag, 'boolean'));
  });

  it('tag getter: per element, falling back to the list tag', () => {
    const perElement = list(taggedValue(runTag, 'number'));
    expect(tagGetterOutputType(perElement, 'run', 'run')).toEqual(list('run'));
    const listTagged = taggedValue(projectTag, list('number'));
    expect(tagGetterOutputType(listTagged, 'project', 'project')).toBe('project');
    const both = taggedValue(projectTag, list(taggedValue(runTag, 'number')));
    expect(tagGetterOutputType(both, 'run', 'run')).toEqual(list(taggedValue(projectTag, 'run')));
    expect(tagGetterOutputType(maybe(taggedValue(runTag, 'number')), 'run', 'run')).toEqual(maybe('run'));
    expect(tagGetterOutputType('number', 'run', 'run')).toBe('none');
  });
});

describe('named tags', () => {
  it('withNamedTag chains a tagged tag linearly', () => {
    expect(withNamedTag('groupKey', 'string', list('number'))).toEqual(taggedValue(typedDict({ groupKey: 'string' }), list('number')));
    expect(withNamedTag('run', taggedValue(projectTag, 'run'), 'number')).toEqual(
      taggedValue(projectTag, taggedValue(typedDict({ run: 'run' }), 'number')),
    );
    expect(withGroupTag(list('number'), 'string')).toEqual(taggedValue(typedDict({ groupKey: 'string' }), list('number')));
    expect(withJoinTag('number', 'string')).toEqual(taggedValue(typedDict({ joinKey: 'string', joinObj: 'string' }), 'number'));
  });
  it('withNamedTag keeps odd tag names as own keys', () => {
    const t = withNamedTag('__proto__', 'string', 'number') as { tag: { propertyTypes: object } };
    expect(Object.keys(t.tag.propertyTypes)).toEqual(['__proto__']);
  });
});

function listElem(t: Type): Type {
  return typeof t === 'object' && t.type === 'list' ? t.objectType : 'invalid';
}
