/**
 * Domain ops, family by family, over the fixture workspace (test/domain/fixture.ts): values,
 * nulls for missing objects (with a note), tags, and types refined from data.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWithBackend, type BackendEvaluationResult } from '../../src/exec/driver.js';
import { standardRegistry } from '../../src/ops/index.js';
import { typeToString } from '../../src/types/index.js';
import { fixtureBackend, PREDS_V0_HEX } from './fixture.js';
import { outcome, recording } from './helpers.js';

const backend = fixtureBackend();

async function run(expr: string, project = 'acme/vision'): Promise<BackendEvaluationResult> {
  return evaluateWithBackend(expr, { backend, project, debug: true });
}

async function value(expr: string, project = 'acme/vision'): Promise<unknown> {
  return outcome(await run(expr, project));
}

const cases = (rows: readonly (readonly [string, unknown])[]) => rows.map(([e, v]) => [e, v] as const);

describe('project ops', () => {
  it.each(
    cases([
      ['project.name', 'vision'],
      ['project.createdAt', { $date: '2023-06-01T00:00:00.000Z' }],
      ['project.runs.name', ['first', 'second', 'third']],
      ['project.runs.count', 3],
      ['project.entity.name', 'acme'],
      ['project.artifactTypes.name', ['predictions', 'dataset']],
      ['project.artifactType("dataset").name', 'dataset'],
      ['project.artifactType("predictions").artifacts.name', ['preds']],
      ['project.artifactType("predictions").artifactVersions.name', ['preds:v0', 'preds:v1']],
      ['project.artifact("preds").name', 'preds'],
      ['project.artifact("preds").versions.versionId', [0, 1]],
      ['project.artifactVersion("preds", "latest").name', 'preds:v1'],
      ['project.artifactVersion("preds", "best").versionId', 1],
      ['project.artifactVersion("data", "gold").name', 'data:v0'],
    ]),
  )('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });

  it('unknown projects, artifacts and versions are null with a note, never an error', async () => {
    for (const [expr, note] of [
      ['project("acme", "nope").runs.count', 'project acme/nope was not found'],
      ['project.artifactVersion("preds", "v9")', 'artifact version preds:v9 was not found in acme/vision'],
      ['project.artifactVersion("nope", "latest").files.count', 'artifact version nope:latest was not found in acme/vision'],
      ['project.artifact("nope").versions', 'artifact nope was not found in acme/vision'],
      ['project.artifactType("nope").artifacts', 'artifact type nope was not found in acme/vision'],
      ['entity("nobody").name', 'entity nobody was not found'],
    ] as const) {
      const r = await run(expr);
      expect(r.ok).toBe(true);
      expect(r.ok && r.value).toBeNull();
      expect(r.diagnostics).toContainEqual({ code: 'not-found', message: note });
    }
  });
});

describe('run ops', () => {
  it.each(
    cases([
      ['runs.name', ['first', 'second', 'third']],
      ['runs.id', ['r1', 'r2', 'r3']],
      ['runs.jobType', ['train', 'eval', 'train']],
      ['runs.runtime', [3600, 60, null]],
      ['runs.createdAt', [{ $date: '2023-06-02T10:00:00.000Z' }, { $date: '2023-06-03T10:00:00.000Z' }, { $date: '2023-06-04T10:00:00.000Z' }]],
      ['runs.heartbeatAt', [{ $date: '2023-06-02T11:00:00.000Z' }, null, null]],
      ['runs.user.username', ['alice', 'bob', null]],
      ['runs[0].user.name', 'Alice A.'],
      // config: values unwrapped from {value, desc}, _wandb removed (wrapped or not)
      ['runs.config', [{ lr: 0.1, opt: 'adam' }, { lr: 0.01, opt: 'sgd' }, {}]],
      ['runs[0].config["_wandb"]', null],
      // summary: _wandb removed, NaN kept, nested and escaped-dot picks
      ['runs[0].summary["_wandb"]', null],
      ['runs.summary["loss"]', [0.25, 0.5, null]],
      ['runs.summary["acc"]', [{ $float: 'NaN' }, 0.9, null]],
      ['runs.summary["nested.a.b"]', [2, null, null]],
      ['runs.summary["dotted\\.key"]', [7, null, null]],
      // table references in the summary are files
      ['runs.summary["preds"]', [{ artifact: PREDS_V0_HEX, path: 'preds.table.json' }, { artifact: PREDS_V0_HEX, path: 'preds.table.json' }, null]],
      ['runs[0].summary["runtable"]', { run: 'r1', path: 'media/table/run.table.json' }],
      // history: every row, sparse keys as null
      ['runs[0].history["loss"]', [1, 0.5, 0.25, null]],
      ['runs[0].history["acc"]', [0.1, null, 0.3, null]],
      ['runs.map((row) => row.history.count)', [4, 1, 0]],
      ['runs.history.count', 3],
      ['runs.history.concat.count', 5],
      ['runs.history.concat["loss"]', [1, 0.5, 0.25, null, 2]],
      ['runs.map((row) => row.history["loss"].max)', [1, 2, null]],
      // artifacts
      ['runs[0].loggedArtifactVersions.name', ['preds:v0']],
      ['runs[1].usedArtifactVersions.name', ['preds:v0', 'data:v0']],
      ['runs.loggedArtifactVersion("preds:v0").name', ['preds:v0', null, null]],
      ['runs.loggedArtifactVersion("preds:best").name', [null, 'preds:v1', null]],
      ['runs.loggedArtifactVersion("preds").name', [null, 'preds:v1', null]],
    ]),
  )('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });

  it('run values show their identity', async () => {
    expect(await value('runs[0]')).toEqual({ entity: 'acme', project: 'vision', id: 'r1' });
    expect(await value('runs[0].user')).toEqual({ username: 'alice' });
    expect(await value('project')).toEqual({ entity: 'acme', name: 'vision' });
  });
});

describe('tags', () => {
  it.each(
    cases([
      ['runs.summary["loss"].run.name', ['first', 'second', 'third']],
      ['runs.summary["loss"].dropna.run.id', ['r1', 'r2']],
      ['runs.history.concat.run.name', ['first', 'first', 'first', 'first', 'second']],
      ['runs.history.concat.filter((row) => row["loss"] > 0.4).run.id', ['r1', 'r1', 'r2']],
      ['runs.map((row) => row.summary["loss"]).run.name', ['first', 'second', 'third']],
      ['project.runs.summary["loss"].project.name', 'vision'],
      ['runs.config["lr"].run.project.name', ['vision', 'vision', 'vision']],
      ['runs.summary["preds"].table.rows.concat["id"].run.name', ['first', 'first', 'first', 'second', 'second', 'second']],
    ]),
  )('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });
});

describe('refined types', () => {
  const t = async (expr: string): Promise<string> => {
    const r = await run(expr);
    if (!r.ok) throw new Error(r.error.message);
    return typeToString(r.type);
  };

  it('summary and config are typed from the runs (the union over their values)', async () => {
    expect(await t('runs[0].summary["loss"]')).toBe('Number');
    expect(await t('runs.summary["loss"].avg')).toBe('Number');
    expect(await t('runs[0].config["opt"]')).toBe('String');
    expect(await t('runs[1].summary["preds"]')).toBe('File<.json, Table>');
    expect(await t('runs.summary["missing"]')).toBe('List<None>');
  });

  it('history rows are typed from the rows', async () => {
    expect(await t('runs[0].history["loss"]')).toBe('List<Maybe<Number>>');
    expect(await t('runs[0].history["note"]')).toBe('List<Maybe<String>>');
  });

  it('table columns are typed from the file (column_types, else the cells)', async () => {
    expect(await t('runs[0].summary["preds"].table.rows["score"]')).toMatch(/Number/);
    expect(await t('runs[0].summary["runtable"].table.rows["x"]')).toMatch(/Number/);
  });

  it('metadata is typed from the versions', async () => {
    expect(await t('project.artifactVersion("preds", "v0").metadata["epochs"]')).toBe('Number');
  });

  it('a missing file is typed None', async () => {
    expect(await t('project.artifactVersion("preds", "v0").file("nope.txt")')).toBe('None');
    expect(await t('project.artifactVersion("preds", "v0").file("README.md")')).toMatch(/File/);
  });
});

describe('artifact version and file ops', () => {
  const av = 'project.artifactVersion("preds", "v0")';
  it.each(
    cases([
      [`${av}.name`, 'preds:v0'],
      [`${av}.versionId`, 0],
      [`${av}.createdAt`, Date.UTC(2023, 5, 2, 12)],
      [`${av}.metadata`, { epochs: 3, note: 'first' }],
      [`${av}.aliases(false).alias`, []],
      ['project.artifactVersion("preds", "v1").aliases(false).alias', ['best', 'latest']],
      ['project.artifactVersion("preds", "v1").aliases(true).alias', ['best', 'latest']],
      ['project.artifactVersion("preds", "v1").aliases.alias', ['best', 'latest']],
      [`${av}.usedBy.name`, ['second']],
      [`${av}.files.count`, 8],
      [`${av}.file("README.md").contents`, 'hello'],
      [`${av}.file("README.md").size`, 5],
      [`${av}.file("README.md").digest`, 'XUFAKrxLKna5cZ2REBfFkg=='],
      [`${av}.file("nope.txt")`, null],
      [`${av}.file("nope.txt").contents`, null],
      ['project.artifact("preds").link', { name: 'preds', url: '/acme/vision/artifacts/predictions/preds' }],
      ['entity("acme").link', { name: 'acme', url: '/acme' }],
      ['user("alice").username', 'alice'],
      ['artifactVersion("acme", "vision", "predictions", "preds:v1").name', 'preds:v1'],
      ['artifactVersion("acme", "vision", "predictions", "preds:v7")', null],
      ['allProjects().name', ['vision', 'big']],
    ]),
  )('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });
});

describe('tables', () => {
  const av = 'project.artifactVersion("preds", "v0")';
  it.each(
    cases([
      [`${av}.file("preds.table.json").table.rows["label"]`, ['cat', 'dog', 'cat']],
      // foreign index columns hold the peer table's row
      [`${av}.file("preds.table.json").table.rows["label_row"]["legs"]`, [4, 4, 4]],
      [`${av}.file("preds.table.json").table.rows["label_row"]["label"]`, ['cat', 'dog', 'cat']],
      // media cells: asset-file finds the file through the row's table tag
      [`${av}.file("preds.table.json").table.rows["img"].file.size`, [67, null, 67]],
      [`${av}.file("preds.table.json").table.file.path`, 'preds.table.json'],
      // joined tables: rows {"0": left, "1": right}, inner / outer
      [`${av}.file("pl.joined-table.json").joinedTable.rows(false, false).count`, 3],
      [`${av}.file("pl.joined-table.json").joinedTable.rows(false, false)[0]["1"]["legs"]`, 4],
      [`${av}.file("pl.joined-table.json").joinedTable.rows(true, true).count`, 4],
      [`${av}.file("pl.joined-table.json").joinedTable.rows(false, true)["0"]["id"]`, [1, 0, 2, null]],
      // partitioned tables: every part's rows
      [`${av}.file("parts.partitioned-table.json").partitionedTable.rows["k"]`, ['a', 'b', 'c']],
      [`${av}.file("parts.partitioned-table.json").partitionedTable.rows["v"]`, [1, 2, { $float: 'NaN' }]],
      // tables reached from summaries, of artifacts and of run files
      ['runs.summary["preds"].table.rows.concat.count', 6],
      ['runs[0].summary["runtable"].table.rows["x"].sum', 6],
    ]),
  )('%s', async (expr, expected) => {
    expect(await value(expr)).toEqual(expected);
  });

  it('rows are tagged with their table', async () => {
    expect(await value(`${av}.file("preds.table.json").table.rows[0].table.rows.count`)).toBe(3);
    expect(await value('runs.summary["preds"].table.rows.concat.table.map((row) => row.rows.count)')).toEqual([3, 3, 3, 3, 3, 3]);
  });
});

describe('the driver', () => {
  it('plans arguments computed by other expressions in a later round', async () => {
    const b = recording(fixtureBackend());
    const r = await evaluateWithBackend('project("acme", project.name).runs.count', { backend: b, project: 'acme/vision', debug: true });
    expect(outcome(r)).toBe(3);
    expect(b.documents).toHaveLength(2);
    const r2 = await evaluateWithBackend('runs.map((row) => project("acme", "vision").run(row.id).name)', { backend: fixtureBackend(), project: 'acme/vision', debug: true });
    expect(outcome(r2)).toEqual(['first', 'second', 'third']);
  });

  it('follows pages, and reports the cap instead of truncating silently', async () => {
    const b = recording(fixtureBackend());
    const all = await evaluateWithBackend('runs.count', { backend: b, project: 'acme/big', pageSize: 10, debug: true });
    expect(outcome(all)).toBe(25);
    expect(all.diagnostics).toEqual([]);
    expect(b.documents).toHaveLength(3);

    const capped = recording(fixtureBackend());
    const r = await evaluateWithBackend(['runs.count', 'project.name'], { backend: capped, project: 'acme/big', pageSize: 10, maxRuns: 20, debug: true });
    expect(outcome(r[0])).toBe(20);
    expect(r[0].diagnostics.map((d) => d.code)).toEqual(['truncated']);
    expect(r[0].diagnostics[0].message).toMatch(/first 20 runs/);
    expect(r[1].diagnostics).toEqual([]);
    expect(capped.documents).toHaveLength(2);
  });

  it('a limit needs no further page', async () => {
    const b = recording(fixtureBackend());
    const r = await evaluateWithBackend('runs.limit(3).id', { backend: b, project: 'acme/big', pageSize: 10, debug: true });
    expect(outcome(r)).toEqual(['b00', 'b01', 'b02']);
    expect(b.documents).toHaveLength(1);
    expect(b.documents[0]).toContain('runs(first: 3)');
  });

  it('isolates failures: one target failing does not fail the others', async () => {
    const r = await evaluateWithBackend(
      ['project.filteredRuns("{not json", "").count', 'project.name', 'runs[0].summary["loss"] + "x"', 'runs.count'],
      { backend: fixtureBackend(), project: 'acme/vision', debug: true },
    );
    expect(r[0].ok).toBe(false);
    expect(outcome(r[1])).toBe('vision');
    expect(r[2].ok).toBe(false);
    expect(outcome(r[3])).toBe(3);
  });

  it('reads without a backend fail clearly', async () => {
    const { evaluate } = await import('../../src/api.js');
    const r = evaluate('project("acme", "vision").name', { registry: standardRegistry() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/backend/);
  });
});
