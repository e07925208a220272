/** none ops. */
import type { OpDeclaration } from './opdef.js';

export const noneOps: OpDeclaration[] = [];
