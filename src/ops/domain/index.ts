/**
 * The W&B domain ops, in the reference's registration order (`ops/domain/index.ts`: artifact,
 * artifactAlias, artifactMembership, artifactType, artifactVersion, asset, entity, file,
 * joinedTable, partitionedTable, project, root, run, table, user) — ties between ops of the
 * same display name go to the first registered (`.file` on a joined table is `asset-file`).
 */
import type { OpDeclaration } from '../opdef.js';
import { artifactAliasOps, artifactMembershipOps, artifactOps, artifactTypeOps } from './artifact.js';
import { artifactVersionOps } from './artifactVersion.js';
import { entityOps, userOps } from './entity.js';
import { fileOps } from './file.js';
import { projectOps } from './project.js';
import { rootOps } from './root.js';
import { runOps } from './run.js';
import { assetOps, joinedTableOps, partitionedTableOps, tableOps } from './table.js';

export const domainOps: OpDeclaration[] = [
  ...artifactOps,
  ...artifactAliasOps,
  ...artifactMembershipOps,
  ...artifactTypeOps,
  ...artifactVersionOps,
  ...assetOps,
  ...entityOps,
  ...fileOps,
  ...joinedTableOps,
  ...partitionedTableOps,
  ...projectOps,
  ...rootOps,
  ...runOps,
  ...tableOps,
  ...userOps,
];

export * from './access.js';
export * from './alias.js';
export * from './gql.js';
export * from './oracle.js';
export * from './values.js';
export { runConfig, runHistory, runSummary, HISTORY_ALL_SAMPLES, HISTORY_FULL_ARGS } from './run.js';
export { readTableValue, fileArtifactVersion, VERSION_BY_ID } from './file.js';
export { tableRows, tableRowsType, isPlainTable, withNamedTagValue } from './table.js';
export { tableColumnTypes, wbTypeToType, cellType, foreignRef, wbTypeMap } from './wbtypes.js';
export { backendDate, backendMillis, parseArtifactUrl, isTableRef } from './common.js';
