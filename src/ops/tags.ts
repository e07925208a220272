/** tags ops. */
import type { OpDeclaration } from './opdef.js';

export const tagOps: OpDeclaration[] = [];
