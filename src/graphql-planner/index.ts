/**
 * The GraphQL planner: a batch of typed target graphs → one minimal GraphQL document, with
 * projection pushdown, limit pushdown, AST-level merging and deterministic aliases. See
 * docs/planner.md.
 */
export { plan, printPlan, DEFAULT_PAGE_SIZE, type Plan, type PlanOptions, type TargetPlan } from './plan.js';
export { mergeDocuments, mergeSelections, MergeConflictError } from './merge.js';
export { emitDocument, historySpec, type EmitOptions, type EmitResult, type FieldTemplate, type ConnectionNeed } from './emit.js';
export { analyze, type AnalysisResult } from './analysis.js';
export { Sel, FieldSel, HistoryNeed } from './selection.js';
export { responseKey, hash64, type GqlArgs, type GqlArgValue } from '../ops/domain/alias.js';
