import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { MESSAGE_TYPE_CHARS, typeOfValue, typeToMessageString, typeToString } from '../../src/types/index.js';

/** 300 run summaries with different key sets: their type prints to tens of kilobytes. */
function wideSummaries(): Record<string, unknown>[] {
  return Array.from({ length: 300 }, (_, i) => ({ [`metric_${i}`]: i, loss: i / 300 }));
}

describe('types in error messages are cut', () => {
  it('a short type prints whole; a long one is cut and says how much is left out', () => {
    expect(typeToMessageString('number')).toBe(typeToString('number'));
    const t = typeOfValue(wideSummaries());
    const full = typeToString(t);
    expect(full.length).toBeGreaterThan(MESSAGE_TYPE_CHARS * 10);
    const short = typeToMessageString(t);
    expect(short.startsWith(full.slice(0, MESSAGE_TYPE_CHARS))).toBe(true);
    expect(short).toMatch(new RegExp(`… \\(${full.length - MESSAGE_TYPE_CHARS} more characters\\)$`));
  });

  it('never splits a surrogate pair', () => {
    const key = 'a'.repeat(MESSAGE_TYPE_CHARS - 2) + '😀';
    const s = typeToMessageString({ type: 'typedDict', propertyTypes: { [key]: 'number', other: 'string' } });
    expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('a wrong call on a refined union of many summaries gets a bounded message', () => {
    const summaries = wideSummaries();
    const c = compile('summaries.keys + 1', { variables: { summaries: { type: typeOfValue(summaries), value: summaries } } });
    expect(c.node).toBeNull();
    const d = c.diagnostics[0];
    expect(d.message.length).toBeLessThan(4 * MESSAGE_TYPE_CHARS + 200);
    expect(d.message).toContain('more characters)');
  });
});
