/**
 * PanelQL, browser-safe entry: parse, check, print, suggest and evaluate Query Panel
 * expressions; evaluate many at once over a backend with ONE planned GraphQL fetch; the
 * GraphQL planner; the Weave wire format and Weave Type JSON. Nothing reachable from here
 * imports a Node built-in (test/browser checks it); Node-only parts are in `panelql/node`.
 */
export * from './api.js';

// Typed graphs and their checker
export { check, type Binding, type CheckOptions, type CheckResult } from './check/checker.js';

// Evaluation over W&B data: a batch of targets, one planned fetch
export {
  evaluateWithBackend,
  executeGraphs,
  projectBindings,
  bindVariables,
  DEFAULT_MAX_RUNS,
  type BackendEvaluationResult,
  type DriverDiagnostic,
  type DriverOptions,
  type EvaluateWithBackendOptions,
  type ExecuteGraphsOptions,
  type ExecuteGraphsResult,
  type TargetResult,
  type VariableBinding,
} from './exec/driver.js';
// Types refined from the data without evaluating; completion inside lambdas asks such an oracle
export { checkWithBackend, refineWithBackend, type BackendCheckResult, type RefinedBatch } from './exec/driver.js';
export { withTypeOracle, type TypeOracle } from './ops/domain/oracle.js';
export { completionDataExpression } from './check/suggest.js';
export { plan, printPlan, type Plan, type PlanOptions, type TargetPlan } from './graphql-planner/index.js';

// A backend over an in-memory workspace (graphql-js); Node adds files and W&B in panelql/node
export { createLocalBackend, LocalBackend, type LocalBackendOptions } from './backends/local/backend.js';
export type { Backend, FileRef, GraphQLRequest, GraphQLResponse } from './backends/backend.js';

// Wire format, types as JSON, lossless values
export { toWire, fromWire, WireFormatError, type WireGraph, type WireItem } from './graph/serialize.js';
export { toWeaveTypeJson, fromWeaveTypeJson, typeOfValue, type WeaveTypeJson } from './types/index.js';
export { encodeValue, decodeValue } from './exec/encode.js';
export { stripTags } from './ops/values.js';
export type { Span } from './parser/ast.js';
