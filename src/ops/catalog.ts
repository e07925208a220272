/**
 * The op catalog as data (for `GET /v1/ops`, `.ops` in the REPL and docs/ops.md): every op
 * with its written form, arguments, output type and descriptions.
 */
import { varNode } from '../graph/node.js';
import { typeToString, type Type } from '../types/index.js';
import type { OpDef } from './opdef.js';
import type { OpRegistry } from './registry.js';

export interface CatalogArgument {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export interface CatalogEntry {
  readonly name: string;
  /** How it is written, e.g. `x.summary`, `a + b`, `abs(n)`, `x["key"]`. */
  readonly syntax: string;
  readonly kind: string;
  readonly hidden: boolean;
  readonly arguments: readonly CatalogArgument[];
  /** Output type for the declared input types (readable form). */
  readonly output: string;
  readonly description: string;
  readonly returns: string;
}

export function catalog(registry: OpRegistry): CatalogEntry[] {
  return registry.all().map(entry);
}

function entry(def: OpDef): CatalogEntry {
  const names = Object.keys(def.declaration.argTypes);
  return {
    name: def.name,
    syntax: syntaxOf(def, names),
    kind: def.kind,
    hidden: def.hidden,
    arguments: names.map((n) => ({
      name: n,
      type: typeToString(def.declaration.argTypes[n]),
      description: def.argDescriptions[n] ?? '',
    })),
    output: outputOf(def, names),
    description: def.description,
    returns: def.returnValueDescription,
  };
}

function syntaxOf(def: OpDef, names: string[]): string {
  const [first, ...rest] = names;
  switch (def.renderInfo.type) {
    case 'binary':
      return `${first} ${def.renderInfo.repr} ${rest[0] ?? ''}`.trim();
    case 'unary':
      return `${def.renderInfo.repr}${first}`;
    case 'brackets':
      return `${first}[${rest[0] ?? ''}]`;
    case 'function':
      return `${def.displayName}(${names.join(', ')})`;
    case 'arrayLiteral':
      return '[a, b, …]';
    case 'dictionaryLiteral':
      return '{key: value, …}';
    case 'chain':
      return first === undefined ? def.displayName : `${first}.${def.displayName}${rest.length ? `(${rest.join(', ')})` : ''}`;
  }
}

function outputOf(def: OpDef, names: string[]): string {
  try {
    const inputs = Object.fromEntries(names.map((n) => [n, varNode(def.declaration.argTypes[n] as Type, n)]));
    return typeToString(def.outputType(inputs));
  } catch {
    return 'depends on the inputs';
  }
}

/** docs/ops.md: the catalog as Markdown, one section per op. */
export function catalogMarkdown(registry: OpRegistry): string {
  const lines = [
    '# Op reference',
    '',
    'Generated from the op registry (`npm run docs:ops`); do not edit by hand. Hidden ops are',
    'callable but not suggested by default.',
    '',
  ];
  for (const e of catalog(registry)) {
    lines.push(`## \`${e.name}\`${e.hidden ? ' (hidden)' : ''}`, '');
    lines.push(`Written \`${e.syntax}\` · kind ${e.kind} · returns ${e.output}`, '');
    if (e.description) lines.push(e.description, '');
    if (e.arguments.length > 0) {
      lines.push('| argument | type | description |', '|---|---|---|');
      for (const a of e.arguments) lines.push(`| \`${a.name}\` | ${a.type.replace(/\|/g, '\\|')} | ${a.description.replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
    if (e.returns) lines.push(`Returns: ${e.returns}`, '');
  }
  return lines.join('\n');
}
