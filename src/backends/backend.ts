/**
 * The contract between the query engine and a data source. Every backend (the embedded local
 * workspace, the remote W&B API) answers GraphQL over the W&B schema subset (./schema.graphql)
 * and reads files (artifact entries, run files) by reference. Browser-safe: types only.
 */

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  signal?: AbortSignal;
}

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  /** Present on errors that carry a machine-readable code (e.g. GRAPHQL_VALIDATION_FAILED). */
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorShape[];
  /** Length of the response's JSON text, when the backend received it as text. */
  bytes?: number;
}

/**
 * Identifies one file.
 * - `artifact`: an entry of an artifact version. `version` is an alias (`latest`, `best`), a
 *   version tag (`v3`) or the version index as a number (3).
 * - `artifactId`: an entry of an artifact version named by its id, as in the reference URLs
 *   `wandb-artifact://<id>/<path>` found in summaries and table files.
 * - `run`: a run file; `path` is run-relative, as in the `path` of a media reference object
 *   (`media/table/preds_1.table.json`).
 */
export type FileRef =
  | { kind: 'artifact'; entity: string; project: string; artifact: string; version: string | number; path: string }
  | { kind: 'artifactId'; id: string; path: string }
  | { kind: 'run'; entity: string; project: string; run: string; path: string };

export interface Backend {
  /** Short human-readable name, e.g. `local:/path/to/workspace` or `wandb:https://api.wandb.ai`. */
  readonly name: string;
  /**
   * Runs one GraphQL operation. GraphQL-level problems (validation errors, resolver errors) come back
   * in `errors`; transport failures (HTTP status, timeout, network) reject the promise.
   */
  execute(req: GraphQLRequest): Promise<GraphQLResponse>;
  /** The bytes of a file, or null when the artifact / run / file does not exist. */
  readFile(ref: FileRef, signal?: AbortSignal): Promise<Uint8Array | null>;
  close?(): Promise<void>;
}

/** Readable one-line form of a FileRef, for error messages. */
export function describeFileRef(ref: FileRef): string {
  switch (ref.kind) {
    case 'artifact': {
      const v = typeof ref.version === 'number' ? `v${ref.version}` : ref.version;
      return `${ref.entity}/${ref.project}/${ref.artifact}:${v}/${ref.path}`;
    }
    case 'artifactId':
      return `wandb-artifact://${ref.id}/${ref.path}`;
    case 'run':
      return `${ref.entity}/${ref.project}/runs/${ref.run}/files/${ref.path}`;
  }
}

/**
 * Parses a `wandb-artifact://<id>/<path>` (or `wandb-client-artifact://…`) reference as found in
 * `artifact_path` of table/media reference objects. Returns null for other strings.
 */
export function parseArtifactUrl(url: string): FileRef | null {
  const m = /^wandb-(?:client-)?artifact:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) return null;
  return { kind: 'artifactId', id: decodeURIComponent(m[1]), path: m[2] };
}
