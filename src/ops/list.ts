/** list ops. */
import type { OpDeclaration } from './opdef.js';

export const listOps: OpDeclaration[] = [];
