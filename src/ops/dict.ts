/** dict ops. */
import type { OpDeclaration } from './opdef.js';

export const dictOps: OpDeclaration[] = [];
