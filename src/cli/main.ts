/** Entry point of the `panelql` command (bin/panelql.js and `npm start` run this file). */
import { runCli, processIO } from './program.js';
import { handlers } from './handlers.js';

const status = await runCli(process.argv.slice(2), processIO(), handlers);
// Let pending stdout writes drain (pipes), then leave even if a handle (server socket, timer) is still open.
process.exitCode = status;
if (process.stdout.writableNeedDrain) await new Promise((resolve) => process.stdout.once('drain', resolve));
process.exit(status);
