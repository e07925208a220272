/** date ops. */
import type { OpDeclaration } from './opdef.js';

export const dateOps: OpDeclaration[] = [];
