// Bootstrap of an evaluation worker thread: the worker is TypeScript, so register tsx in this
// thread (hooks registered in the parent thread do not reach workers on Node 20) and load it.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
