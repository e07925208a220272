/** boolean ops. */
import type { OpDeclaration } from './opdef.js';

export const booleanOps: OpDeclaration[] = [];
