/** Writing one result in the chosen format to stdout or to `--out FILE`. */
import { writeFileSync } from 'node:fs';
import type { JsonValue } from '../index.js';
import { renderArrow, renderCsv, renderJson, renderJsonl, renderValue, type Format } from './format.js';
import type { Style } from './style.js';

export interface OutputTarget {
  readonly format: Format;
  /** Write here instead of stdout (required for `arrow` when stdout is a terminal). */
  readonly out?: string;
  readonly style: Style;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly maxRows?: number;
}

export class OutputError extends Error {}

/** Renders `value`; text formats end with a newline. Returns a note for stderr (e.g. where Arrow went), or null. */
export async function writeValue(value: JsonValue, target: OutputTarget): Promise<string | null> {
  if (target.format === 'arrow') {
    const bytes = await renderArrow(value);
    if (target.out) {
      writeFileSync(target.out, bytes);
      return `wrote ${bytes.byteLength} bytes of Arrow IPC to ${target.out}`;
    }
    if (target.stdout.isTTY) throw new OutputError('--format arrow writes binary Arrow IPC: give --out FILE (or redirect stdout)');
    target.stdout.write(bytes);
    return null;
  }
  const text = renderText(value, target);
  if (target.out) {
    writeFileSync(target.out, text + '\n');
    return `wrote ${target.format} to ${target.out}`;
  }
  target.stdout.write(text + '\n');
  return null;
}

export function renderText(value: JsonValue, target: Pick<OutputTarget, 'format' | 'style' | 'maxRows'>): string {
  switch (target.format) {
    case 'json':
      return renderJson(value);
    case 'jsonl':
      return renderJsonl(value);
    case 'csv':
      return renderCsv(value);
    default:
      return renderValue(value, { style: target.style, maxRows: target.maxRows });
  }
}
