import { describe, expect, it } from 'vitest';
import { createLocalBackend, WorkspaceError } from '../../src/backends/local/index.js';
import { miniWorkspace, toyText } from './helpers.js';

type WS = ReturnType<typeof miniWorkspace>;
const P = '$.entities[0].projects[0]';

function issuesOf(ws: unknown): { path: string; message: string }[] {
  try {
    createLocalBackend(ws);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkspaceError);
    return (e as WorkspaceError).issues;
  }
  throw new Error('expected the workspace to be rejected');
}

function run0(ws: WS): Record<string, unknown> {
  return ((ws.entities[0].projects as Record<string, unknown>[])[0].runs as Record<string, unknown>[])[0];
}
function version0(ws: WS): Record<string, unknown> {
  const a = ((ws.entities[0].projects as Record<string, unknown>[])[0].artifacts as Record<string, unknown>[])[0];
  return (a.versions as Record<string, unknown>[])[0];
}

// Each case edits a valid workspace and names the JSON path and a phrase of the expected message.
const CASES: [string, (ws: WS) => unknown, string, string][] = [
  ['top level not an object', () => [1, 2], '$', 'expected an object'],
  ['entities missing', (ws) => ({ users: ws.users }), '$.entities', 'required field is missing'],
  ['entities not an array', () => ({ entities: {} }), '$.entities', 'expected an array'],
  ['entity not an object', () => ({ entities: ['acme'] }), '$.entities[0]', 'expected an object'],
  ['entity name missing', () => ({ entities: [{ projects: [] }] }), '$.entities[0].name', 'required field is missing'],
  ['entity name empty', () => ({ entities: [{ name: '' }] }), '$.entities[0].name', 'non-empty string'],
  ['duplicate entity', () => ({ entities: [{ name: 'a' }, { name: 'a' }] }), '$.entities[1].name', 'duplicate entity'],
  ['unknown top-level field', (ws) => ({ ...ws, entites: [] }), '$.entites', 'unknown field'],
  ['unknown workspace version', (ws) => ({ ...ws, version: 2 }), '$.version', 'unsupported workspace version'],
  ['users not an array', (ws) => ({ ...ws, users: 'alice' }), '$.users', 'expected an array'],
  ['user without username', (ws) => ({ ...ws, users: [{ name: 'x' }] }), '$.users[0].username', 'required'],
  ['duplicate user', (ws) => ({ ...ws, users: [{ username: 'a' }, { username: 'a' }] }), '$.users[1].username', 'duplicate user'],
  ['unknown viewer', (ws) => ({ ...ws, viewer: 'zed' }), '$.viewer', 'unknown user "zed"'],
  ['projects not an array', () => ({ entities: [{ name: 'a', projects: { p: 1 } }] }), '$.entities[0].projects', 'expected an array'],
  [
    'duplicate project',
    () => ({ entities: [{ name: 'a', projects: [{ name: 'p' }, { name: 'p' }] }] }),
    '$.entities[0].projects[1].name',
    'duplicate project',
  ],
  [
    'project createdAt not a date',
    (ws) => ((ws.entities[0].projects as Record<string, unknown>[])[0].createdAt = 'yesterday', ws),
    `${P}.createdAt`,
    'ISO-8601',
  ],
  [
    'impossible date',
    (ws) => ((ws.entities[0].projects as Record<string, unknown>[])[0].createdAt = '2023-02-30T00:00:00', ws),
    `${P}.createdAt`,
    'ISO-8601',
  ],
  ['run not an object', (ws) => (((ws.entities[0].projects as Record<string, unknown>[])[0].runs = [null]), ws), `${P}.runs[0]`, 'expected an object, found null'],
  ['run name missing', (ws) => (delete run0(ws).name, ws), `${P}.runs[0].name`, 'required field is missing'],
  ['run name a number', (ws) => ((run0(ws).name = 7), ws), `${P}.runs[0].name`, 'found the number 7'],
  [
    'duplicate run',
    (ws) => (((ws.entities[0].projects as Record<string, unknown>[])[0].runs = [{ name: 'x' }, { name: 'x' }]), ws),
    `${P}.runs[1].name`,
    'duplicate run "x"',
  ],
  ['misspelled run field', (ws) => ((run0(ws).sumary = {}), ws), `${P}.runs[0].sumary`, 'did you mean "summary"'],
  ['summary an array', (ws) => ((run0(ws).summary = [1]), ws), `${P}.runs[0].summary`, 'expected an object, found an array'],
  ['config a string', (ws) => ((run0(ws).config = 'lr=1'), ws), `${P}.runs[0].config`, 'expected an object'],
  ['tags not strings', (ws) => ((run0(ws).tags = ['a', 3]), ws), `${P}.runs[0].tags[1]`, 'expected a string'],
  ['computeSeconds a string', (ws) => ((run0(ws).computeSeconds = '120'), ws), `${P}.runs[0].computeSeconds`, 'finite number'],
  ['defaultColorIndex fractional', (ws) => ((run0(ws).defaultColorIndex = 1.5), ws), `${P}.runs[0].defaultColorIndex`, 'integer'],
  ['history a number', (ws) => ((run0(ws).history = 3), ws), `${P}.runs[0].history`, 'expected an array of rows'],
  [
    'history row not an object',
    (ws) => ((run0(ws).history = [{ _step: 0 }, { _step: 1 }, 'row']), ws),
    `${P}.runs[0].history[2]`,
    'expected an object',
  ],
  ['history _step negative', (ws) => ((run0(ws).history = [{ _step: -1 }]), ws), `${P}.runs[0].history[0]`, '_step must be a non-negative integer'],
  ['history _step a string', (ws) => ((run0(ws).history = [{ _step: '0' }]), ws), `${P}.runs[0].history[0]`, '_step'],
  ['history file with extra field', (ws) => ((run0(ws).history = { path: 'h.jsonl', x: 1 }), ws), `${P}.runs[0].history.x`, 'unknown field'],
  ['history file without a folder', (ws) => ((run0(ws).history = { path: 'h.jsonl' }), ws), `${P}.runs[0].history.path`, 'workspace folder'],
  ['loggedArtifacts unknown artifact', (ws) => ((run0(ws).loggedArtifacts = ['nope:v0']), ws), `${P}.runs[0].loggedArtifacts[0]`, 'no artifact "nope"'],
  ['usedArtifacts unknown alias', (ws) => ((run0(ws).usedArtifacts = ['ds:best']), ws), `${P}.runs[0].usedArtifacts[0]`, 'no version or alias "best"'],
  ['usedArtifacts unknown project', (ws) => ((run0(ws).usedArtifacts = ['x/y/ds:v0']), ws), `${P}.runs[0].usedArtifacts[0]`, 'no project "x/y"'],
  ['artifact without type', (ws) => (delete ((ws.entities[0].projects as Record<string, unknown>[])[0].artifacts as Record<string, unknown>[])[0].type, ws), `${P}.artifacts[0].type`, 'required'],
  [
    'artifact name with colon',
    (ws) => ((((ws.entities[0].projects as Record<string, unknown>[])[0].artifacts as Record<string, unknown>[])[0].name = 'a:b'), ws),
    `${P}.artifacts[0].name`,
    'cannot contain',
  ],
  ['alias not a string', (ws) => ((version0(ws).aliases = [1]), ws), `${P}.artifacts[0].versions[0].aliases[0]`, 'expected a string'],
  ['alias contradicts position', (ws) => ((version0(ws).aliases = ['v3']), ws), `${P}.artifacts[0].versions[0].aliases[0]`, 'it is v0'],
  [
    'alias on two versions',
    (ws) => {
      const a = ((ws.entities[0].projects as Record<string, unknown>[])[0].artifacts as Record<string, unknown>[])[0];
      a.versions = [{ aliases: ['best'] }, { aliases: ['best'] }];
      return ws;
    },
    `${P}.artifacts[0].versions[1].aliases[0]`,
    'already on version v0',
  ],
  ['metadata not an object', (ws) => ((version0(ws).metadata = 5), ws), `${P}.artifacts[0].versions[0].metadata`, 'expected an object'],
  ['file spec not an object', (ws) => ((version0(ws).files = { 'a.txt': 'hi' }), ws), `${P}.artifacts[0].versions[0].files["a.txt"]`, 'expected an object'],
  ['file with two bodies', (ws) => ((version0(ws).files = { 'a.txt': { contents: 'x', path: 'a' } }), ws), `${P}.artifacts[0].versions[0].files["a.txt"]`, 'exactly one'],
  ['file with no body', (ws) => ((version0(ws).files = { 'a.txt': {} }), ws), `${P}.artifacts[0].versions[0].files["a.txt"]`, 'exactly one'],
  ['file name with ..', (ws) => ((version0(ws).files = { '../a.txt': { contents: 'x' } }), ws), `${P}.artifacts[0].versions[0].files["../a.txt"]`, '".."'],
  ['bad base64', (ws) => ((version0(ws).files = { 'a.bin': { base64: '!!' } }), ws), `${P}.artifacts[0].versions[0].files["a.bin"].base64`, 'base64'],
  ['run file path absolute', (ws) => ((run0(ws).files = { 'a.png': { path: '/etc/passwd' } }), ws), `${P}.runs[0].files["a.png"].path`, 'absolute path'],
  ['run file path escaping', (ws) => ((run0(ws).files = { 'a.png': { path: 'files/../../x' } }), ws), `${P}.runs[0].files["a.png"].path`, 'escapes the workspace folder'],
  ['run file path backslash', (ws) => ((run0(ws).files = { 'a.png': { path: '..\\x' } }), ws), `${P}.runs[0].files["a.png"].path`, 'backslash'],
];

describe('workspace validation', () => {
  it('accepts the toy workspace and the mini workspace', () => {
    expect(() => createLocalBackend(toyText())).not.toThrow();
    expect(() => createLocalBackend(miniWorkspace())).not.toThrow();
  });

  it.each(CASES)('%s → error at its JSON path', (_name, edit, path, phrase) => {
    const issues = issuesOf(edit(miniWorkspace()));
    const hit = issues.find((i) => i.path === path);
    expect(hit, `issues were ${JSON.stringify(issues)}`).toBeDefined();
    expect(hit!.message).toContain(phrase);
  });

  it('puts the first JSON path in the error message and counts the rest', () => {
    const ws = miniWorkspace();
    run0(ws).summary = 1;
    run0(ws).history = [{}, 'x'];
    let msg = '';
    try {
      createLocalBackend(ws, { source: 'ws.json' });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe(
      'ws.json: $.entities[0].projects[0].runs[0].summary: expected an object, found the number 1 (and 1 more problem)',
    );
  });

  it('reports invalid JSON text with line and column', () => {
    expect(() => createLocalBackend('{"entities": [\n  {"name": }]}')).toThrow(/\$: invalid JSON: .*line 2 column 12/);
  });

  it('accepts bare NaN / Infinity in summaries', async () => {
    const text = '{"entities":[{"name":"e","projects":[{"name":"p","runs":[{"name":"r","summary":{"a":NaN,"b":-Infinity}}]}]}]}';
    const b = createLocalBackend(text);
    const res = await b.execute({ query: '{ project(name:"p", entityName:"e") { run(name:"r") { summaryMetrics } } }' });
    expect((res.data as any).project.run.summaryMetrics).toBe('{"a":NaN,"b":-Infinity}');
  });

  it('collects several problems at once', () => {
    const issues = issuesOf({ entities: [{ name: 1 }, { projects: 2 }, 3] });
    expect(issues.map((i) => i.path)).toEqual(['$.entities[0].name', '$.entities[1].name', '$.entities[2]']);
  });
});
