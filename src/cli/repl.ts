/**
 * The interactive prompt. Built on node:readline rather than node:repl: expressions are not
 * JavaScript, results must come out in input order even when an evaluation is asynchronous,
 * and a script on stdin (`npm start < script.txt`) must print nothing but its results.
 *
 * - tab completion from `suggest` (ops valid for the type at the cursor, keys, variables), with
 *   data keys from `Engine.suggestWithData` (also inside lambda bodies; cached per session);
 * - dot commands: `.type`, `.print`, `.gql`, `.plan`, `.ops [filter]`, `.format`, `.help`, `.exit`;
 * - multi-line input: a line with unbalanced brackets / an open string / a trailing operator
 *   continues on the next line (`...` prompt); `.break` or Ctrl-C abandons it;
 * - Ctrl-C while an evaluation runs cancels it (AbortSignal) and returns to the prompt;
 *   Ctrl-C on an empty prompt twice, Ctrl-D or `.exit` leave;
 * - persistent history in `~/.panelql_history` (`PANELQL_HISTORY` overrides; empty disables).
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { typeToString } from '../index.js';
import type { Engine } from './engine.js';
import { localEvaluator, type Evaluator } from './evaluator.js';
import { formatReport } from './errors.js';
import { isFormat, FORMATS, renderTable, type Format } from './format.js';
import { graphTree } from './graph-tree.js';
import { OutputError, renderText, writeValue } from './output.js';
import { startProgress } from './progress.js';
import type { Style } from './style.js';

export interface ReplOptions {
  readonly engine: Engine;
  /** Where evaluations run (default: this thread, on `engine`). */
  readonly evaluator?: Evaluator;
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly errorOutput: NodeJS.WritableStream & { isTTY?: boolean };
  /** Interactive mode: prompts, banner, completion, history. Default: input and output are TTYs. */
  readonly terminal?: boolean;
  readonly format?: Format;
  readonly out?: string;
  readonly outStyle: Style;
  readonly errStyle: Style;
  /** History file; null disables history. */
  readonly historyFile?: string | null;
  readonly progress?: boolean;
  readonly timeoutMs?: number;
  readonly variables?: Readonly<Record<string, unknown>>;
}

const HISTORY_SIZE = 1000;
const PROMPT = 'panelql> ';
const CONTINUE = '      ... ';

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PANELQL_HISTORY !== undefined) return env.PANELQL_HISTORY.trim() === '' ? null : env.PANELQL_HISTORY;
  return path.join(homedir(), '.panelql_history');
}

/** Whether `text` is unfinished: an open bracket or string, or a trailing operator, dot, comma or arrow. */
export function needsMore(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  if (quote) return true;
  if (depth > 0) return true;
  if (depth < 0) return false;
  const trimmed = text.trimEnd();
  return /(?:[+\-*/%<>=!?:,.]|\*\*|&&|\|\||=>|\band|\bor)$/.test(trimmed) && !/\.\.\.$/.test(trimmed);
}

const HELP = `Type an expression to evaluate it, e.g.  runs.summary["loss"].avg
Tab completes ops, keys and variables. Unfinished lines (open brackets) continue on the next line.

  .type EXPR       the type of EXPR (refined from the data, not evaluated)
  .print EXPR      EXPR in canonical form
  .gql EXPR        the GraphQL query EXPR would send
  .plan EXPR       the typed op graph of EXPR and its GraphQL plan
  .ops [filter]    the op catalog (names containing filter)
  .format [FMT]    show or set the result format (${FORMATS.join(', ')})
  .break           abandon an unfinished multi-line expression
  .help            this text
  .exit            leave (also Ctrl-D; Ctrl-C twice)

Ctrl-C cancels a running evaluation.`;

export async function startRepl(options: ReplOptions): Promise<number> {
  const { engine } = options;
  const evaluator = options.evaluator ?? localEvaluator(engine);
  const interactive = options.terminal ?? (options.input.isTTY === true && options.output.isTTY === true);
  let format: Format = options.format ?? 'table';
  const historyFile = interactive ? (options.historyFile ?? null) : null;
  const history = historyFile ? loadHistory(historyFile) : [];

  const rl = readline.createInterface({
    input: options.input,
    output: interactive ? options.output : undefined,
    terminal: interactive,
    prompt: PROMPT,
    historySize: interactive ? HISTORY_SIZE : 0,
    history: [...history].reverse(),
    removeHistoryDuplicates: true,
    completer: interactive
      ? (line: string, callback: (err: Error | null, result: [string[], string]) => void) => {
          complete(line).then(
            (r) => callback(null, r),
            () => callback(null, [[], line]),
          );
        }
      : undefined,
    tabSize: 2,
  });

  let buffer: string[] = [];
  let running: AbortController | null = null;
  let lastSigint = 0;
  let closed = false;
  let exiting = false;

  const out = (s: string): void => void options.output.write(s + '\n');
  const err = (s: string): void => void options.errorOutput.write(s + '\n');
  const prompt = (): void => {
    if (!interactive || closed) return;
    rl.setPrompt(buffer.length > 0 ? CONTINUE : PROMPT);
    rl.prompt();
  };

  async function complete(line: string): Promise<[string[], string]> {
    const before = buffer.length > 0 ? buffer.join('\n') + '\n' : '';
    const text = before + line;
    const items = await engine.suggestWithData(text, text.length, { timeoutMs: 3000 });
    if (items.length === 0) return [[], line];
    const start = items[0].replace.start - before.length;
    if (start < 0) return [[], line];
    const partial = line.slice(start);
    const seen = new Set<string>();
    const hits: string[] = [];
    for (const item of items) {
      if (item.replace.start !== items[0].replace.start) continue;
      if (!item.insertText.startsWith(partial) || seen.has(item.insertText)) continue;
      seen.add(item.insertText);
      hits.push(item.insertText);
    }
    return [hits, partial];
  }

  const remember = (entry: string, lines: number): void => {
    if (!historyFile) return;
    const oneLine = entry.replace(/\s*\n\s*/g, ' ').trim();
    if (oneLine === '') return;
    const h = (rl as unknown as { history?: string[] }).history;
    if (h && lines > 1) {
      // readline stored each physical line; keep the whole expression as one entry instead.
      h.splice(0, lines, oneLine);
    }
    try {
      appendFileSync(historyFile, oneLine + '\n');
    } catch {
      /* history is a convenience */
    }
  };

  rl.on('SIGINT', () => {
    if (running) {
      running.abort();
      return;
    }
    if (buffer.length > 0 || rl.line.length > 0) {
      buffer = [];
      rl.write(null, { ctrl: true, name: 'u' });
      out('');
      prompt();
      return;
    }
    const now = Date.now();
    if (now - lastSigint < 2000) {
      exiting = true;
      rl.close();
      return;
    }
    lastSigint = now;
    out('\n(To exit, press Ctrl+C again or Ctrl+D or type .exit)');
    prompt();
  });
  // Not on a terminal, SIGINT arrives as a signal: cancel a running evaluation, else leave.
  const onProcessSigint = (): void => {
    if (running) running.abort();
    else rl.close();
  };
  if (!interactive) process.on('SIGINT', onProcessSigint);

  if (interactive) {
    const where = engine.project ? ` · project ${engine.project.entity}/${engine.project.name}` : '';
    out(options.outStyle.bold('PanelQL') + options.outStyle.dim(` · ${engine.source}${where} · .help for help, Tab to complete`));
  }

  const evaluateText = async (text: string): Promise<void> => {
    const controller = new AbortController();
    running = controller;
    const progress = startProgress('evaluating', {
      stream: options.errorOutput as NodeJS.WriteStream,
      enabled: options.progress !== false && options.errorOutput.isTTY === true && !process.env.CI,
    });
    try {
      const r = await evaluator.evaluate(text, {
        signal: controller.signal,
        timeoutMs: options.timeoutMs,
        variables: options.variables,
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      for (const n of r.diagnostics ?? []) err(`${options.errStyle.yellow('warning')}: ${n.message}`);
      if (!r.ok) {
        err(formatReport(text, r.error, options.errStyle));
        return;
      }
      try {
        const note = await writeValue(r.value, { format, out: options.out, style: options.outStyle, stdout: options.output, maxRows: interactive ? 200 : undefined });
        if (note) err(options.errStyle.dim(note));
      } catch (e) {
        if (e instanceof OutputError) err(options.errStyle.red(e.message));
        else throw e;
      }
    } finally {
      progress.stop();
      running = null;
    }
  };

  const command = async (line: string): Promise<boolean> => {
    const m = /^\.([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(line.trim());
    if (!m) return false;
    const [, name, rest = ''] = m;
    const arg = rest.trim();
    const needArg = (): boolean => {
      if (arg !== '') return true;
      err(options.errStyle.red(`.${name} needs an expression, e.g. .${name} runs.count`));
      return false;
    };
    switch (name) {
      case 'help':
        out(HELP);
        return true;
      case 'exit':
        exiting = true;
        rl.close();
        return true;
      case 'break':
        buffer = [];
        return true;
      case 'type': {
        if (!needArg()) return true;
        const r = await engine.typeOfWithData(arg, { variables: options.variables });
        if (r.ok) out(format === 'json' || format === 'jsonl' ? JSON.stringify(r.json) : typeToString(r.type));
        else err(formatReport(arg, r.error, options.errStyle));
        return true;
      }
      case 'print': {
        if (!needArg()) return true;
        const r = engine.print(arg, true);
        if (r.ok) out(r.text);
        else err(formatReport(arg, r.error, options.errStyle));
        return true;
      }
      case 'gql': {
        if (!needArg()) return true;
        const r = engine.gql([arg]);
        if (!r.ok) err(formatReport(arg, r.error, options.errStyle));
        else out(r.query ?? options.outStyle.dim(`# ${r.note ?? 'no query'}`));
        return true;
      }
      case 'plan': {
        if (!needArg()) return true;
        const c = engine.compile(arg, options.variables);
        if (!c.node) {
          const r = engine.typeOf(arg, options.variables);
          if (!r.ok) err(formatReport(arg, r.error, options.errStyle));
          return true;
        }
        const bound = engine.boundGraphs([arg]);
        out(options.outStyle.bold('op graph'));
        out(graphTree(bound.ok ? bound.nodes[0] : c.node));
        const g = engine.gql([arg]);
        out(options.outStyle.bold('GraphQL plan'));
        if (g.ok) out(g.text);
        else err(formatReport(arg, g.error, options.errStyle));
        return true;
      }
      case 'ops': {
        const ops = engine.ops(arg).filter((o) => arg !== '' || !o.hidden);
        if (ops.length === 0) {
          out(options.outStyle.dim(`no op matches ${JSON.stringify(arg)}`));
          return true;
        }
        const rows = ops.map((o) => ({
          op: o.name,
          written: written(o.displayName, o.form, Object.keys(o.inputTypes)),
          description: (o.description.split(/(?<=\.)\s/)[0] ?? '').trim(),
        }));
        out(
          format === 'table'
            ? renderTable(rows, { style: options.outStyle, maxCellWidth: 70 })
            : renderText(rows, { format, style: options.outStyle }),
        );
        return true;
      }
      case 'format': {
        if (arg === '') out(format);
        else if (isFormat(arg)) format = arg;
        else err(options.errStyle.red(`unknown format ${JSON.stringify(arg)}: one of ${FORMATS.join(', ')}`));
        return true;
      }
      default:
        if (/^\d/.test(name)) return false;
        err(options.errStyle.red(`unknown command .${name} (.help lists them)`));
        return true;
    }
  };

  const handle = async (line: string): Promise<void> => {
    if (buffer.length === 0) {
      if (line.trim() === '') return;
      if (line.trimStart().startsWith('.') && (await command(line))) return;
    }
    buffer.push(line);
    const text = buffer.join('\n');
    if (needsMore(text)) return;
    const lines = buffer.length;
    buffer = [];
    if (interactive) remember(text, lines);
    await evaluateText(text);
  };

  prompt();
  try {
    for await (const line of rl) {
      if (exiting) break;
      try {
        await handle(line);
      } catch (e) {
        err(options.errStyle.red(`internal error: ${e instanceof Error ? e.message : String(e)}`));
      }
      prompt();
    }
  } finally {
    closed = true;
  }
  // End of input: an unfinished expression is evaluated (and reported) as it stands.
  if (buffer.length > 0) {
    const text = buffer.join('\n');
    buffer = [];
    await evaluateText(text);
  }
  process.off('SIGINT', onProcessSigint);
  if (interactive) out('');
  if (historyFile) trimHistory(historyFile);
  return 0;
}

function written(displayName: string, form: string, args: string[]): string {
  switch (form) {
    case 'binary':
      return `a ${displayName} b`;
    case 'unary':
      return `${displayName}a`;
    case 'brackets':
      return 'x[key]';
    case 'function':
      return `${displayName}(${args.join(', ')})`;
    case 'chain':
      return args.length > 1 ? `.${displayName}(${args.slice(1).join(', ')})` : `.${displayName}`;
    default:
      return displayName;
  }
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-HISTORY_SIZE);
  } catch {
    return [];
  }
}

function trimHistory(file: string): void {
  try {
    const lines = loadHistory(file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, lines.length > 0 ? lines.join('\n') + '\n' : '');
  } catch {
    /* history is a convenience */
  }
}
