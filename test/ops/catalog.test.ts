import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogMarkdown } from '../../src/ops/catalog.js';
import { standardRegistry } from '../../src/ops/index.js';
import { isAssignableTo, list, type Type } from '../../src/types/index.js';
import { readReference } from './reference-catalog.js';

/** A value type for each documented type page. */
function pageType(page: string): Type {
  switch (page) {
    case 'int':
    case 'float':
    case 'number':
    case 'string':
    case 'boolean':
    case 'artifact':
    case 'artifactType':
    case 'artifactVersion':
    case 'entity':
    case 'project':
    case 'run':
    case 'user':
      return page;
    case 'file':
      return { type: 'file' };
    case 'table':
    case 'joined-table':
    case 'partitioned-table':
      return { type: page, columnTypes: {} };
    default:
      return { type: page } as Type;
  }
}

const registry = standardRegistry();
const entries = readReference();

describe('the official op reference', () => {
  it('has been read', () => {
    expect(entries.length).toBeGreaterThan(250);
  });

  it.each(entries.map((e) => [`${e.page} ${e.section} ${e.op}`, e] as const))('%s', (_label, e) => {
    const def = registry.find(e.op);
    expect(def, `op ${e.op} is missing`).toBeDefined();
    // The documented arguments, in order; any further parameter must be optional (accept null).
    const params = Object.keys(def!.inputTypes);
    expect(params.slice(0, e.args.length)).toEqual(e.args);
    for (const extra of params.slice(e.args.length)) expect(isAssignableTo('none', def!.inputTypes[extra]), `${e.op}: ${extra} must be optional`).toBe(true);
    const receiver = e.section === 'chainable' ? pageType(e.page) : list(pageType(e.page));
    const first = def!.inputTypes[e.args[0]];
    expect(isAssignableTo(receiver, first), `${e.op} should accept ${JSON.stringify(receiver)}`).toBe(true);
  });
});

describe('docs/ops.md', () => {
  it('is generated from the registry (run `npm run docs:ops` after changing ops)', () => {
    const path = fileURLToPath(new URL('../../docs/ops.md', import.meta.url));
    expect(readFileSync(path, 'utf8')).toBe(catalogMarkdown(registry));
  });
});
