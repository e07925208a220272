/**
 * The documents the planner emits for representative batches. Every document is validated
 * against the project's SDL with graphql-js `validate`.
 */
import { Kind, parse as parseGraphQL, print, visit, type ArgumentNode, type FieldNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { plan, printPlan, responseKey } from '../../src/graphql-planner/index.js';
import { typedDict } from '../../src/types/index.js';
import { A, expectValid, graph, graphOfAst, graphWithTypes, registry } from './helpers.js';

/** Every field of a document as `alias:name(args)` lines, depth-indented. */
function shape(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  visit(parseGraphQL(text), {
    Field: {
      enter(f: FieldNode) {
        out.push(`${'  '.repeat(depth)}${f.alias ? `${f.alias.value}:` : ''}${f.name.value}(${(f.arguments ?? []).map((a) => a.name.value).join(',')})`);
        depth++;
      },
      leave() {
        depth--;
      },
    },
  });
  return out;
}

function argValues(text: string, fieldName: string, argName: string): unknown[] {
  const out: unknown[] = [];
  visit(parseGraphQL(text), {
    Field(f: FieldNode) {
      if (f.name.value !== fieldName) return;
      const a = (f.arguments ?? []).find((x: ArgumentNode) => x.name.value === argName);
      if (!a) return;
      const v = a.value;
      if (v.kind === Kind.LIST) out.push(v.values.map((x) => (x.kind === Kind.STRING ? x.value : print(x))));
      else out.push(v.kind === Kind.STRING ? v.value : print(v));
    },
  });
  return out;
}

function planOf(...texts: string[]) {
  const p = plan(texts.map((t) => graph(t)), { registry });
  for (const t of p.targets) if (t.error) throw t.error;
  expectValid(p.text);
  return p;
}

describe('single targets', () => {
  it('runs.summary["loss"].avg projects one summary key', () => {
    const p = planOf('runs.summary["loss"].avg');
    expect(p.text).toBe(
      [
        'query PanelQL {',
        `  ${responseKey('project', { name: 'mnist', entityName: 'acme' })}: project(name: "mnist", entityName: "acme") {`,
        '    id',
        '    name',
        '    entityName',
        '    runs(first: 500) {',
        '      edges {',
        '        node {',
        '          id',
        '          name',
        '          summaryMetrics(keys: ["loss"])',
        '        }',
        '      }',
        '      pageInfo {',
        '        hasNextPage',
        '        endCursor',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('a 20-column runs table asks for each run once, with the config and summary keys it shows', () => {
    const summary = ['loss', 'acc', 'val_loss', 'val_acc', 'epoch', 'lr', 'grad_norm', 'test/acc', 'eval', 'best_step'];
    const config = ['lr', 'batch_size', 'optimizer', 'layers', 'dropout', 'epochs'];
    const cols = [
      'name: row.name',
      'job: row.jobType',
      'created: row.createdAt',
      'user: row.user.username',
      ...summary.map((k, i) => `s${i}: row.summary["${k}"]`),
      ...config.map((k, i) => `c${i}: row.config["${k}"]`),
    ];
    expect(cols).toHaveLength(20);
    const p = planOf(`runs.map((row) => ({${cols.join(', ')}}))`);
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([[...summary].sort()]);
    expect(argValues(p.text, 'config', 'keys')).toEqual([[...config].sort()]);
    expect(shape(p.text).filter((l) => l.trim().startsWith('runs('))).toHaveLength(1);
    for (const f of ['displayName', 'jobType', 'createdAt', 'username']) expect(p.text).toContain(f);
  });

  it('runs.history.concat on two keys asks one history column spec per key and the line count', () => {
    const p = planOf('runs.history.concat.map((row) => row["loss"] + row["acc"])');
    expect(argValues(p.text, 'sampledHistory', 'specs')).toEqual([
      [JSON.stringify({ keys: ['_step', 'acc'], samples: 2147483647 }), JSON.stringify({ keys: ['_step', 'loss'], samples: 2147483647 })],
    ]);
    expect(p.text).toContain('historyLineCount');
    expect(p.text).not.toMatch(/\bhistory\(/);
  });

  it('history.count per run asks only the line count; whole rows when a row escapes', () => {
    expect(planOf('runs.map((row) => row.history.count)').text).toMatch(/historyLineCount/);
    expect(planOf('runs.map((row) => row.history.count)').text).not.toMatch(/sampledHistory|history_/);
    expect(planOf('runs[0].history').text).toMatch(/history_\w+: history\(samples: 2147483647\)/);
  });

  it('a directly following limit becomes first:', () => {
    expect(planOf('runs.limit(5).name').text).toContain('runs(first: 5)');
    expect(planOf('runs[2].name').text).toContain('runs(first: 3)');
    // Not directly: the filter needs every run.
    expect(planOf('runs.filter((row) => row.jobType == "train").limit(5).name').text).toContain('runs(first: 500)');
  });

  it('a limit does not leak into another consumer of the same runs', () => {
    const p = planOf('runs.limit(5).name', 'runs.count');
    expect(p.text).toContain('runs(first: 500)');
    expect(p.text).not.toContain('first: 5)');
  });

  it('a tag getter adds the fields of the tag provider: summary["loss"].run.name needs the run name', () => {
    const p = plan([graphWithTypes('runs.summary["loss"].run.name', { 'run-summary': typedDict({ loss: 'number' }) })], { registry });
    expectValid(p.text);
    expect(p.text).toContain('displayName');
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([['loss']]);
  });

  it('sees through dict literals: {a: run.summary}["a"]["loss"] projects loss', () => {
    const p = planOf('runs.map((row) => ({a: row.summary})["a"]["loss"])');
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([['loss']]);
  });

  it('unique compares whole values: runs.summary.unique.count fetches whole summaries', () => {
    expect(argValues(planOf('runs.summary.unique.count').text, 'summaryMetrics', 'keys')).toEqual([]);
    expect(argValues(planOf('runs.summary.count').text, 'summaryMetrics', 'keys')).toEqual([[]]);
  });

  it('fetches the whole object when a dict escapes whole', () => {
    const p = planOf('runs[0].summary');
    expect(p.text).toMatch(/summaryMetrics\n/);
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([]);
  });

  it('projects only the top-level key of a dotted pick, and an escaped dot keeps one key', () => {
    expect(argValues(planOf('runs.summary["eval.loss"]').text, 'summaryMetrics', 'keys')).toEqual([['eval']]);
    expect(argValues(planOf('runs.summary["eval\\.loss"]').text, 'summaryMetrics', 'keys')).toEqual([['eval.loss']]);
  });

  it('an unknown consumer gets the whole JSON field (never drops a key)', () => {
    // merge is not seen through: both dicts are fetched whole.
    const p = planOf('runs.map((row) => row.summary.merge(row.config)["loss"])');
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([]);
    expect(argValues(p.text, 'config', 'keys')).toEqual([]);
  });

  it('artifact versions, files and types', () => {
    const p = planOf(
      'project.artifactVersion("dataset", "v0").file("x.table.json").table.rows["a"]',
      'project.artifactType("dataset").artifactVersions.name',
      'project.artifact("dataset").versions.size',
    );
    expect(p.text).toContain('artifact(name: "dataset:v0")');
    expect(p.text).toContain('files(names: ["x.table.json"], first: 500)');
    expect(p.text).toContain('artifactCollections(first: 500)');
    expect(p.text).toContain('artifactCollection(name: "dataset")');
  });

  it('arguments computed by the expression are planned for a later round', () => {
    const p = plan([graph('project("acme", project.name).runs.count')], { registry });
    expectValid(p.text);
    expect(p.deferred).toEqual(['Query.project']);
    expect(printPlan(p)).toContain('# later round: Query.project');
    expect(p.templates.get('Query.project')?.selectionSet).not.toBeNull();
  });
});

describe('batches', () => {
  it('merges 50 targets into one document with one project and one runs selection', () => {
    const texts: string[] = [];
    for (let i = 0; i < 50; i++) {
      const k = ['loss', 'acc', 'epoch', 'lr', 'val_loss'][i % 5];
      texts.push(
        i % 3 === 0
          ? `runs.summary["${k}${i}"].avg`
          : i % 3 === 1
            ? `runs.config["c${i}"]`
            : `runs.map((row) => row.history["${k}"].max)`,
      );
    }
    const p = planOf(...texts);
    const lines = shape(p.text);
    expect(lines.filter((l) => /^\S*:?project\(/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => l.trim().startsWith('runs('))).toHaveLength(1);
    expect((argValues(p.text, 'summaryMetrics', 'keys')[0] as string[]).length).toBe(17);
    expect((argValues(p.text, 'config', 'keys')[0] as string[]).length).toBe(17);
    expect((argValues(p.text, 'sampledHistory', 'specs')[0] as string[]).length).toBe(5);
    expect(p.targets.every((t) => t.document !== null && t.error === null)).toBe(true);
  });

  it('keeps different projects apart and the same project together', () => {
    const p = planOf('project("acme", "mnist").name', 'project("acme", "other").runs.count', 'project("acme", "mnist").createdAt');
    const roots = shape(p.text).filter((l) => /^\S/.test(l));
    expect(roots).toHaveLength(2);
  });

  it('a whole-object consumer wins over projections when merged', () => {
    const p = planOf('runs.summary["loss"]', 'runs[0].summary');
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([]);
  });

  it('one target that cannot be planned fails alone', () => {
    const good = graph('runs.summary["loss"].avg');
    // A malformed graph (no inputs record): the analysis throws for this target only.
    const broken = { nodeType: 'output', type: 'string', fromOp: { name: 'run-name', inputs: null } } as unknown as Parameters<typeof plan>[0][number];
    const p = plan([good, broken, graph('runs.count')], { registry });
    expect(p.targets[0].error).toBeNull();
    expect(p.targets[1].error).toBeInstanceOf(Error);
    expect(p.targets[2].error).toBeNull();
    expectValid(p.text);
    expect(p.text).toContain('summaryMetrics(keys: ["loss"])');
  });
});

describe('user text cannot change the shape of the document', () => {
  const nasty = [
    'plain',
    'a"b',
    'quote"}) { viewer { id } } x: project(name: "',
    'brace{}[]()',
    'back\\slash\\"',
    'new\nline\r\ttab',
    'unicode ünïcödé 😀 \u2028 \u0000',
    '$var @skip(if: true) # comment',
  ];

  it.each(nasty.map((k) => [JSON.stringify(k), k] as const))('summary key %s', (_label, key) => {
    const runs = A.id('runs');
    const ast = A.pick(A.member(runs, 'summary'), A.str(key));
    const p = plan([graphOfAst(ast, undefined)], { registry });
    expectValid(p.text);
    const reference = plan([graphOfAst(A.pick(A.member(runs, 'summary'), A.str('plain')), undefined)], { registry });
    expect(shape(p.text)).toEqual(shape(reference.text));
    // The key reaches the server exactly as written (top-level key: first dotted segment).
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([[key.split('.')[0]]]);
  });

  it.each(nasty.map((k) => [JSON.stringify(k), k] as const))('entity and project names %s', (_label, name) => {
    const ast = A.member(A.call('project', [A.str(name), A.str(name)]), 'name');
    const p = plan([graphOfAst(ast, undefined)], { registry });
    expectValid(p.text);
    const plainAst = A.member(A.call('project', [A.str('e'), A.str('p')]), 'name');
    const reference = plan([graphOfAst(plainAst, undefined)], { registry });
    expect(shape(p.text).map((l) => l.replace(/_[0-9a-z]+:/, ':'))).toEqual(shape(reference.text).map((l) => l.replace(/_[0-9a-z]+:/, ':')));
    expect(argValues(p.text, 'project', 'name')).toEqual([name]);
    expect(argValues(p.text, 'project', 'entityName')).toEqual([name]);
  });
});

describe('aliases', () => {
  it('are derived from the arguments by one function, independent of argument order', () => {
    expect(responseKey('project', { name: 'p', entityName: 'e' })).toBe(responseKey('project', { entityName: 'e', name: 'p' }));
    expect(responseKey('project', { name: 'p', entityName: 'e' })).not.toBe(responseKey('project', { name: 'e', entityName: 'p' }));
    expect(responseKey('runs', { first: 5 })).toBe('runs');
    expect(responseKey('summaryMetrics', { keys: ['a'] })).toBe('summaryMetrics');
    expect(responseKey('runs', { filters: '{}', first: 5 })).toMatch(/^runs_[0-9a-z]+$/);
    expect(responseKey('project', { name: 'mnist', entityName: 'acme' })).toMatchInlineSnapshot(`"project_1ynf2251tgjeg7"`);
  });
});

describe('plans with data-refined types', () => {
  it('planWithBackend plans the graphs checked with types from the data', async () => {
    const { planWithBackend } = await import('../../src/exec/driver.js');
    const { toyBackend } = await import('../domain/helpers.js');
    const p = await planWithBackend(['runs.summary["acc"].run.name', 'runs.summary["loss"].avg'], { backend: toyBackend(), project: 'acme/mnist' });
    expectValid(p.text);
    expect(p.text).toContain('displayName');
    expect(argValues(p.text, 'summaryMetrics', 'keys')).toEqual([['acc', 'loss']]);
  });
});
