/** number ops. */
import type { OpDeclaration } from './opdef.js';

export const numberOps: OpDeclaration[] = [];
