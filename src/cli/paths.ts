/**
 * Where things are. The CLI runs either from source (tsx) or from the bundle bin/panelql.js
 * builds under node_modules/.cache/panelql/; the bundle defines `__PANELQL_ROOT__` (the
 * project root relative to the bundle) and `__PANELQL_BUNDLED__`.
 */
import { fileURLToPath } from 'node:url';

declare const __PANELQL_ROOT__: string | undefined;
declare const __PANELQL_BUNDLED__: boolean | undefined;

export const bundled: boolean = typeof __PANELQL_BUNDLED__ !== 'undefined' && __PANELQL_BUNDLED__ === true;

/** The project root (the folder holding package.json and examples/). */
export const projectRoot: string = fileURLToPath(new URL(typeof __PANELQL_ROOT__ === 'string' ? __PANELQL_ROOT__ : '../../', import.meta.url));

/** The script of an evaluation worker thread. */
export function workerEntry(): URL {
  return bundled ? new URL('./worker.mjs', import.meta.url) : new URL('../server/worker-entry.mjs', import.meta.url);
}
