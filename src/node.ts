/**
 * PanelQL, Node entry (`panelql/node`): everything of the browser-safe entry, plus what needs
 * Node — opening a local workspace, connecting to W&B, generating the demo workspace, an
 * engine that evaluates over W&B data, and the evaluation server.
 */
import type { FastifyInstance } from 'fastify';
import { Engine } from './cli/engine.js';
import { openEngine, type DataOptions } from './cli/open.js';
import { createServer, type ServerLimits } from './server/app.js';
import { WorkerPool } from './server/pool.js';
import { LocalRunner, type Runner } from './server/runner.js';

export * from './index.js';

// Data sources
export {
  openWorkspace,
  connectWandb,
  serveWorkspaceGraphQL,
  createLocalBackend,
  LocalBackend,
  RemoteBackend,
  WorkspaceError,
  WandbApiError,
  type Backend,
  type FileRef,
  type GraphQLRequest,
  type GraphQLResponse,
  type OpenWorkspaceOptions,
  type WandbConnectOptions,
} from './backends/index.js';
export { generateDemoWorkspace } from '../scripts/demo/generate.js';

// Engine: evaluation over a data source, with the bindings a panel makes
export {
  Engine,
  parseProjectRef,
  graphIsDeterministic,
  type EngineInit,
  type EvaluateManyOptions,
  type GqlResult,
  type OpInfo,
  type ProjectRef,
  type Progress,
  type TextResult,
  type TypeResult,
  type WireResponse,
  type WireResult,
} from './cli/engine.js';
export { openEngine, ensureDemo, DEMO_DIR, DataError, type DataOptions } from './cli/open.js';
export { TimeoutError, CancelledError } from './cli/deadline.js';

// Evaluation server
export { createServer, DEFAULT_LIMITS, HttpError, type ServerLimits, type ServerOptions } from './server/app.js';
export { LocalRunner, type Runner, type RunLimits, type Outcome, type EvalItem, type EvalJob, type ExecuteAnswer } from './server/runner.js';
export { WorkerPool, type PoolOptions } from './server/pool.js';

export interface StartServerOptions extends DataOptions {
  /** Port to listen on (0: any free port; default 8080). */
  readonly port?: number;
  /** Interface (default 127.0.0.1). */
  readonly host?: string;
  /** Require `Authorization: Bearer KEY` (default: none). */
  readonly apiKey?: string | null;
  readonly limits?: Partial<ServerLimits>;
  /** Evaluation worker threads (default 2; 0: evaluate on the HTTP thread). */
  readonly workers?: number;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly engine: Engine;
  close(): Promise<void>;
}

/** Opens the data, starts the evaluation server and resolves once it listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const engine = await openEngine(options);
  const workers = options.workers ?? 2;
  const runner: Runner = workers === 0 ? new LocalRunner(engine) : await WorkerPool.start({ data: { ...options, notice: undefined }, size: workers });
  const app = await createServer({ runner, engine, apiKey: options.apiKey ?? null, limits: options.limits });
  const url = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  return {
    url,
    app,
    engine,
    async close() {
      await app.close();
      await runner.close();
      await engine.close();
    },
  };
}
