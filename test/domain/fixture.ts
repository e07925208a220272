/**
 * A small workspace exercising every domain type: runs with wrapped and plain config, summary
 * table references (to an artifact and to a run file), sparse histories, logged and used
 * artifacts; artifact versions with a typed table (foreign index, image column), a joined
 * table, a partitioned table and an image; and a 25-run project for paging.
 */
import { createLocalBackend } from '../../src/backends/local/index.js';
import type { Backend } from '../../src/backends/backend.js';

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
/** The id of `acme/vision/preds:v0` in `wandb-artifact://` references. */
export const PREDS_V0_HEX = hex('Artifact:acme/vision/preds:v0');

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

const predsTable = {
  _type: 'table',
  columns: ['id', 'label', 'score', 'img', 'label_row'],
  data: [
    [0, 'cat', 0.9, { _type: 'image-file', path: 'images/x.png', format: 'png', width: 1, height: 1 }, 1],
    [1, 'dog', 0.4, null, 0],
    [2, 'cat', 0.7, { _type: 'image-file', path: 'images/x.png', format: 'png', width: 1, height: 1 }, 1],
  ],
  column_types: {
    wb_type: 'typedDict',
    params: {
      type_map: {
        id: { wb_type: 'number' },
        label: { wb_type: 'string' },
        score: { wb_type: 'number' },
        img: { wb_type: 'union', params: { allowed_types: [{ wb_type: 'none' }, { wb_type: 'image-file' }] } },
        label_row: { wb_type: 'foreignIndex', params: { table: 'labels.table.json' } },
      },
    },
  },
};

const labelsTable = {
  _type: 'table',
  columns: ['label', 'legs'],
  data: [
    ['dog', 4],
    ['cat', 4],
    ['bird', 2],
  ],
};

const predsFiles = {
  'preds.table.json': { contents: predsTable },
  'labels.table.json': { contents: labelsTable },
  'pl.joined-table.json': { contents: { _type: 'joined-table', table1: 'preds.table.json', table2: 'labels.table.json', join_key: 'label' } },
  'parts.partitioned-table.json': { contents: { _type: 'partitioned-table', parts_path: 'parts' } },
  'parts/p0.table.json': { contents: { columns: ['k', 'v'], data: [['a', 1], ['b', 2]] } },
  'parts/p1.table.json': { contents: { columns: ['k', 'v'], data: [['c', NaN]] } },
  'images/x.png': { base64: PNG },
  'README.md': { contents: 'hello' },
};

export function fixtureDocument(): Record<string, unknown> {
  return {
    entities: [
      {
        name: 'acme',
        projects: [
          {
            name: 'vision',
            createdAt: '2023-06-01T00:00:00',
            runs: [
              {
                name: 'r1',
                displayName: 'first',
                jobType: 'train',
                user: 'alice',
                createdAt: '2023-06-02T10:00:00',
                heartbeatAt: '2023-06-02T11:00:00',
                computeSeconds: 3600,
                config: { lr: { value: 0.1, desc: null }, opt: { value: 'adam', desc: 'optimizer' }, _wandb: { value: { v: 1 } } },
                summary: {
                  loss: 0.25,
                  acc: NaN,
                  nested: { a: { b: 2 } },
                  'dotted.key': 7,
                  preds: { _type: 'table-file', path: 'media/table/p.table.json', artifact_path: `wandb-artifact://${PREDS_V0_HEX}/preds.table.json` },
                  runtable: { _type: 'table-file', path: 'media/table/run.table.json' },
                  _wandb: { runtime: 3600 },
                },
                history: [
                  { _step: 0, loss: 1.0, acc: 0.1 },
                  { _step: 1, loss: 0.5, extra: 'x' },
                  { _step: 2, loss: 0.25, acc: 0.3 },
                  { _step: 3, note: 'only a note' },
                ],
                files: { 'media/table/run.table.json': { contents: { columns: ['x'], data: [[1], [2], [3]] } } },
                loggedArtifacts: ['preds:v0'],
                usedArtifacts: ['data:v0'],
              },
              {
                name: 'r2',
                displayName: 'second',
                jobType: 'eval',
                user: 'bob',
                createdAt: '2023-06-03T10:00:00',
                computeSeconds: 60,
                config: { lr: 0.01, opt: 'sgd' },
                summary: { loss: 0.5, acc: 0.9, preds: { _type: 'table-file', artifact_path: `wandb-artifact://${PREDS_V0_HEX}/preds.table.json` } },
                history: [{ _step: 0, loss: 2.0, acc: 0.2 }],
                loggedArtifacts: ['preds:v1'],
                usedArtifacts: ['preds:v0', 'data:v0'],
              },
              {
                name: 'r3',
                displayName: 'third',
                jobType: 'train',
                createdAt: '2023-06-04T10:00:00',
                config: {},
                summary: {},
              },
            ],
            artifacts: [
              {
                name: 'preds',
                type: 'predictions',
                versions: [
                  { createdAt: '2023-06-02T12:00:00', metadata: { epochs: 3, note: 'first' }, files: predsFiles },
                  { aliases: ['best'], createdAt: '2023-06-03T12:00:00', metadata: { epochs: 5 }, files: predsFiles },
                ],
              },
              {
                name: 'data',
                type: 'dataset',
                versions: [{ aliases: ['latest', 'gold'], metadata: { rows: 3 }, files: { 'd.txt': { contents: 'abc' } } }],
              },
            ],
          },
          {
            name: 'big',
            runs: Array.from({ length: 25 }, (_, i) => ({
              name: `b${String(i).padStart(2, '0')}`,
              summary: { i, loss: i / 10 },
            })),
          },
        ],
      },
    ],
    users: [{ username: 'alice', name: 'Alice A.' }, { username: 'bob' }],
  };
}

export function fixtureBackend(): Backend {
  return createLocalBackend(fixtureDocument());
}
