/** string ops. */
import type { OpDeclaration } from './opdef.js';

export const stringOps: OpDeclaration[] = [];
