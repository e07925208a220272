import { describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../src/backends/local/index.js';
import {
  concatTables,
  joinTables,
  parseJoinedTable,
  parsePartitionedTable,
  parseTable,
  readTable,
  tableFileKind,
  TableFormatError,
} from '../../src/backends/tables.js';
import type { FileRef } from '../../src/backends/backend.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('*.table.json', () => {
  it('reads the artifact form with column types and bare NaN / Infinity cells', () => {
    const text =
      '{"_type": "table", "columns": ["id", "score", 3], "data": [[1, NaN, "a"], [2, Infinity, "b"], [3, -Infinity, null]],' +
      ' "ncols": 3, "nrows": 3, "column_types": {"wb_type": "typedDict", "params": {"type_map": {"id": {"wb_type": "number"}}}}}';
    const t = parseTable(enc(text));
    expect(t.columns).toEqual(['id', 'score', '3']);
    expect(t.data).toEqual([
      [1, Number.NaN, 'a'],
      [2, Infinity, 'b'],
      [3, -Infinity, null],
    ]);
    expect(t.columnTypes).toEqual({ wb_type: 'typedDict', params: { type_map: { id: { wb_type: 'number' } } } });
  });

  it('reads the run-file form (no column types) and media cells as objects', () => {
    const t = parseTable('{"columns": ["img"], "data": [[{"_type": "image-file", "path": "media/images/x.png", "width": 2}]]}');
    expect(t).toEqual({ columns: ['img'], data: [[{ _type: 'image-file', path: 'media/images/x.png', width: 2 }]] });
    expect('columnTypes' in t).toBe(false);
  });

  it.each([
    ['[1]', '$', 'expected an object'],
    ['{"data": []}', '$.columns', 'expected an array of column names'],
    ['{"columns": ["a", {}], "data": []}', '$.columns[1]', 'expected a string'],
    ['{"columns": ["a", "a"], "data": []}', '$.columns[1]', 'duplicate column'],
    ['{"columns": ["a"], "data": {}}', '$.data', 'expected an array of rows'],
    ['{"columns": ["a"], "data": [[1], 2]}', '$.data[1]', 'expected a row'],
    ['{"columns": ["a", "b"], "data": [[1, 2], [1, 2], [3]]}', '$.data[2]', 'expected 2 cells, found 1'],
    ['{"_type": "joined-table", "columns": [], "data": []}', '$._type', 'expected "table"'],
    ['{"columns": ["a"], "data": [], "column_types": 3}', '$.column_types', 'expected a type object'],
    ['{"columns": [NaN, "data": []}', '$', 'invalid JSON'],
  ])('rejects %s at %s', (text, path, phrase) => {
    let err: unknown;
    try {
      parseTable(text, 'x.table.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TableFormatError);
    expect((err as TableFormatError).jsonPath).toBe(path);
    expect((err as Error).message).toContain(`x.table.json: ${path}: ${phrase}`);
  });

  it('names table kinds by suffix', () => {
    expect(['a.table.json', 'b.joined-table.json', 'c.partitioned-table.json', 'd.json'].map(tableFileKind)).toEqual([
      'table',
      'joined-table',
      'partitioned-table',
      null,
    ]);
  });
});

describe('joined and partitioned specs', () => {
  it('reads join keys as one name or a pair', () => {
    expect(parseJoinedTable('{"_type":"joined-table","table1":"a.table.json","table2":"b.table.json","join_key":"id"}')).toEqual({
      table1: 'a.table.json',
      table2: 'b.table.json',
      joinKey: ['id', 'id'],
    });
    expect(parseJoinedTable({ table1: 'a', table2: 'b', join_key: ['x', 'y'] }).joinKey).toEqual(['x', 'y']);
  });

  it.each([
    [{ table2: 'b', join_key: 'id' }, '$.table1'],
    [{ table1: 'a', table2: 'b', join_key: ['x'] }, '$.join_key'],
    [{ _type: 'table', table1: 'a', table2: 'b', join_key: 'id' }, '$._type'],
  ])('rejects joined spec %j', (doc, path) => {
    expect(() => parseJoinedTable(doc)).toThrow(path);
  });

  it('reads and checks partitioned specs', () => {
    expect(parsePartitionedTable('{"_type": "partitioned-table", "parts_path": "parts/"}')).toEqual({ partsPath: 'parts' });
    expect(() => parsePartitionedTable('{"parts_path": 3}')).toThrow('$.parts_path');
  });

  const L = { columns: ['id', 'x'], data: [[1, 'a'], [2, 'b'], [null, 'n'], [1, 'c']] };
  const R = { columns: ['key', 'y'], data: [[1, 'one'], [3, 'three']] };

  it('joins like the reference: columns "0" and "1" with row objects', () => {
    expect(joinTables(L, R, ['id', 'key'])).toEqual({
      columns: ['0', '1'],
      data: [
        [{ id: 1, x: 'a' }, { key: 1, y: 'one' }],
        [{ id: 1, x: 'c' }, { key: 1, y: 'one' }],
      ],
    });
  });

  it('adds unmatched rows for outer joins', () => {
    const t = joinTables(L, R, ['id', 'key'], { leftOuter: true, rightOuter: true });
    expect(t.data).toEqual([
      [{ id: 1, x: 'a' }, { key: 1, y: 'one' }],
      [{ id: 2, x: 'b' }, null],
      [{ id: null, x: 'n' }, null],
      [{ id: 1, x: 'c' }, { key: 1, y: 'one' }],
      [null, { key: 3, y: 'three' }],
    ]);
  });

  it('rejects a join on a missing column and partitions with different columns', () => {
    expect(() => joinTables(L, R, ['nope', 'key'])).toThrow(/left table has no column "nope"/);
    expect(() => concatTables([L, R], ['p0', 'p1'])).toThrow(/partition p1 has columns/);
  });
});

describe('readTable through a backend', () => {
  const table = (rows: unknown[][]) => ({ contents: { _type: 'table', columns: ['id', 'v'], data: rows } });
  const backend = createLocalBackend({
    entities: [
      {
        name: 'e',
        projects: [
          {
            name: 'p',
            runs: [{ name: 'r', files: { 'media/table/t_1.table.json': { contents: '{"columns": ["a"], "data": [[NaN]]}' } } }],
            artifacts: [
              {
                name: 'tables',
                type: 'dataset',
                versions: [
                  {
                    files: {
                      'left.table.json': table([
                        [1, 'l1'],
                        [2, 'l2'],
                      ]),
                      'right.table.json': table([[2, 'r2']]),
                      'j.joined-table.json': { contents: { _type: 'joined-table', table1: 'left.table.json', table2: 'right.table.json', join_key: 'id' } },
                      'parts/0.table.json': table([[1, 'a']]),
                      'parts/1.table.json': table([[2, 'b']]),
                      'parts/notes.txt': { contents: 'ignored' },
                      'p.partitioned-table.json': { contents: { _type: 'partitioned-table', parts_path: 'parts' } },
                      'mystery.json': { contents: { _type: 'joined-table', table1: 'left.table.json', table2: 'right.table.json', join_key: 'id' } },
                    },
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  const art = (path: string): FileRef => ({ kind: 'artifact', entity: 'e', project: 'p', artifact: 'tables', version: 'latest', path });

  it('reads a plain table and a run-file table', async () => {
    expect((await readTable(backend, art('left.table.json'))).data).toEqual([
      [1, 'l1'],
      [2, 'l2'],
    ]);
    const runTable = await readTable(backend, { kind: 'run', entity: 'e', project: 'p', run: 'r', path: 'media/table/t_1.table.json' });
    expect(runTable.data).toEqual([[Number.NaN]]);
  });

  it('resolves a joined table', async () => {
    expect((await readTable(backend, art('j.joined-table.json'))).data).toEqual([[{ id: 2, v: 'l2' }, { id: 2, v: 'r2' }]]);
    expect((await readTable(backend, art('j.joined-table.json'), { leftOuter: true })).data).toHaveLength(2);
    expect((await readTable(backend, art('mystery.json'))).columns).toEqual(['0', '1']);
  });

  it('resolves a partitioned table in manifest order', async () => {
    const t = await readTable(backend, art('p.partitioned-table.json'));
    expect(t.data).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(t.columnTypes).toBeUndefined();
  });

  it('reports a missing file', async () => {
    await expect(readTable(backend, art('nope.table.json'))).rejects.toThrow('table file not found: e/p/tables:latest/nope.table.json');
  });
});
