/**
 * The data layer: backends that answer GraphQL over the W&B schema subset and read files.
 * Browser-safe modules: ./backend.js, ./schema.js, ./json.js, ./tables.js, ./local/backend.js.
 * Node-only: ./local/node.js (openWorkspace), ./local/http.js (server), ./remote (netrc, env).
 */
export type { Backend, FileRef, GraphQLRequest, GraphQLResponse, GraphQLErrorShape } from './backend.js';
export { describeFileRef, parseArtifactUrl } from './backend.js';
export { WANDB_SCHEMA_SDL, buildWandbSchema } from './schema.js';
export { parseJsonExtended, stringifyJsonExtended, parseJsonBytes, JsonSyntaxError } from './json.js';
export {
  readTable,
  parseTable,
  parseJoinedTable,
  parsePartitionedTable,
  joinTables,
  concatTables,
  listArtifactFiles,
  tableFileKind,
  TableFormatError,
  type TableData,
  type JoinedTableSpec,
  type PartitionedTableSpec,
  type ReadTableOptions,
  type TableFileKind,
} from './tables.js';
export * from './local/index.js';
export { serveWorkspaceGraphQL, type ServeOptions, type ServedWorkspace, type InterceptReply } from './local/http.js';
export * from './remote/index.js';
