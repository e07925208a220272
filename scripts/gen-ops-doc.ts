/** Writes docs/ops.md from the op registry. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogMarkdown } from '../src/ops/catalog.js';
import { standardRegistry } from '../src/ops/index.js';

const target = fileURLToPath(new URL('../docs/ops.md', import.meta.url));
writeFileSync(target, catalogMarkdown(standardRegistry()));
console.log(`wrote ${target}`);
