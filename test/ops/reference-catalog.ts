/** Reads the official op reference (query-expression-language.txt) into entries. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ReferenceEntry {
  /** The documented type page, e.g. `run`, `number`, `image-file`. */
  readonly page: string;
  readonly section: 'chainable' | 'list';
  readonly op: string;
  readonly args: readonly string[];
}

/** Entries the reference renders without a name, identified by their description. */
const UNNAMED: Readonly<Record<string, string>> = {
  'Returns the url for an artifact': 'artifact-link',
  'Returns the url for an artifactVersion': 'artifactVersion-link',
  'Returns the link of the entity': 'entity-link',
};

export function readReference(): ReferenceEntry[] {
  const path = fileURLToPath(new URL('./data/query-expression-language.txt', import.meta.url));
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trimEnd());
  const out: ReferenceEntry[] = [];
  let page = '';
  let section: 'chainable' | 'list' = 'chainable';
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^6\.\d+ - (.+)$/.exec(line);
    if (heading) {
      page = heading[1];
      pending = [];
      continue;
    }
    if (line === 'Chainable Ops' || line === 'List Ops') {
      section = line === 'Chainable Ops' ? 'chainable' : 'list';
      pending = [];
      continue;
    }
    if (line === 'Argument') {
      const args: string[] = [];
      for (i++; i < lines.length && lines[i] !== ''; i++) args.push(lines[i].split(' ')[0]);
      const [first, second] = pending;
      const op = pending.length >= 2 ? first : UNNAMED[first];
      if (!op) throw new Error(`cannot name the entry "${first}" on page ${page}`);
      void second;
      out.push({ page, section, op, args });
      // Skip "Return Value", blank, description.
      while (i < lines.length && lines[i] !== 'Return Value') i++;
      i += 2;
      pending = [];
      continue;
    }
    if (line !== '' && page !== '') pending.push(line);
  }
  return out;
}
