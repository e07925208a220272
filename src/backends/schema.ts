/**
 * The W&B GraphQL schema subset, embedded as a string so it also loads in a browser (no fs).
 * The source of truth is ./schema.graphql; test/backends/schema.test.ts keeps the two identical.
 */
import { buildSchema, type GraphQLSchema } from 'graphql';

export const WANDB_SCHEMA_SDL: string = `# PanelQL's copy of the read-only W&B GraphQL schema subset that the Query Panel planner uses.
#
# Type, field and argument names follow the public W&B API, so a query that is valid against
# api.wandb.ai is valid against the local backend and vice versa. Nullability and scalar choices
# are conservative guesses (everything that might be missing is nullable).
# src/backends/schema.ts embeds this exact text; a test keeps the two identical.

schema {
  query: Query
}

"Serialized JSON text (config, summaryMetrics, metadata, filters). May hold bare NaN/Infinity tokens."
scalar JSONString

"A structured JSON value (historyKeys, sampledHistory rows)."
scalar JSON

"ISO-8601 timestamp, UTC, written without a zone suffix (2023-01-01T00:00:00)."
scalar DateTime

"64-bit integer (steps, byte sizes)."
scalar Int64

type Query {
  "A project by entity and project name; null when it does not exist."
  project(name: String, entityName: String): Project
  entity(name: String): Entity
  "The authenticated user."
  viewer: User
  user(id: ID, userName: String): User
  "An artifact version by its id (base64, as Artifact.id returns it). Present in the W&B API; used to resolve wandb-artifact:// references."
  artifact(id: ID!): Artifact
  organization(id: ID, name: String): Organization
  "Instance-wide listings (self-hosted servers)."
  instance: ServerInstance
  views(ids: [ID!], first: Int, after: String): ViewConnection
  repoInsightsPlotData(plotName: String!, repoName: String!, first: Int, after: String): RepoInsightsRowConnection
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean
  startCursor: String
  endCursor: String
}

type Entity {
  id: ID!
  name: String!
  isTeam: Boolean
  artifactTTLDurationSeconds: Int
  organization: Organization
  projects(first: Int, after: String, order: String): ProjectConnection
  artifactCollections(first: Int, after: String, collectionTypes: [ArtifactCollectionType!]): ArtifactCollectionConnection
  views(first: Int, after: String): ViewConnection
}

type EntityConnection {
  edges: [EntityEdge!]!
  pageInfo: PageInfo
}

type EntityEdge {
  node: Entity
  cursor: String
}

type User {
  id: ID!
  name: String
  username: String
  email: String
  userInfo: JSON
  teams(first: Int, after: String): EntityConnection
  runs(first: Int, after: String): RunConnection
}

type UserConnection {
  edges: [UserEdge!]!
  pageInfo: PageInfo
}

type UserEdge {
  node: User
  cursor: String
}

type Organization {
  id: ID!
  name: String!
  teams: [Entity!]
  members: [OrganizationMember!]
  projects(first: Int, after: String): ProjectConnection
  views(first: Int, after: String): ViewConnection
  artifactCollections(first: Int, after: String): ArtifactCollectionConnection
}

type OrganizationMember {
  user: User
}

type Project {
  id: ID!
  internalId: ID
  name: String!
  entityName: String!
  entity: Entity!
  createdAt: DateTime
  updatedAt: DateTime
  description: String
  readOnly: Boolean
  isBenchmark: Boolean
  user: User
  "Number of runs matching the Mongo-style filter."
  runCount(filters: JSONString): Int
  "Runs, filtered by a Mongo-style JSON filter and sorted by an order string such as -createdAt or summary_metrics.loss."
  runs(filters: JSONString, order: String, first: Int, after: String): RunConnection
  "A run by its short id (Run.name), not its display name."
  run(name: String!): Run
  artifactType(name: String!): ArtifactType
  artifactTypes(first: Int, after: String): ArtifactTypeConnection
  "An artifact version by 'collection:alias' or 'collection:vN'."
  artifact(name: String!): Artifact
  artifactCollection(name: String!): ArtifactCollection
  artifactCollections(first: Int, after: String, collectionTypes: [ArtifactCollectionType!]): ArtifactCollectionConnection
  allViews(viewType: String, first: Int, after: String): ViewConnection
  runQueues: [RunQueue!]
}

type ProjectConnection {
  edges: [ProjectEdge!]!
  pageInfo: PageInfo
}

type ProjectEdge {
  node: Project
  cursor: String
}

type RunQueue {
  id: ID!
  name: String!
}

type Run {
  "Storage id."
  id: ID!
  "Short run id used in URLs."
  name: String!
  "Human-readable run name."
  displayName: String
  projectId: ID
  state: String
  jobType: String
  group: String
  sweepName: String
  tags: [String!]
  notes: String
  description: String
  commit: String
  readOnly: Boolean
  createdAt: DateTime
  updatedAt: DateTime
  heartbeatAt: DateTime
  computeSeconds: Float
  defaultColorIndex: Int
  "JSON object text; each top-level key maps to {value, desc}. keys projects top-level keys."
  config(keys: [String!]): JSONString
  "JSON object text of the run summary. keys projects top-level keys."
  summaryMetrics(keys: [String!]): JSONString
  systemMetrics: JSONString
  "{lastStep, keys: {<key>: {typeCounts: [{type, count}]}}}"
  historyKeys(format: String): JSON
  historyLineCount: Int
  "History rows as JSON text, optionally limited to a step range [minStep, maxStep) and sampled."
  history(samples: Int, minStep: Int64, maxStep: Int64, maxKeyLimit: Int): [JSONString!]
  "One list of row objects per spec; a spec is JSON text {keys, samples?, minStep?, maxStep?}."
  sampledHistory(specs: [JSONString!]!): [JSON]
  parquetHistory(liveKeys: [String!]!): ParquetHistory
  user: User
  project: Project
  inputArtifacts(first: Int, after: String): InputArtifactConnection
  outputArtifacts(first: Int, after: String): ArtifactConnection
  files(names: [String], pattern: String, first: Int, after: String): FileConnection
}

type ParquetHistory {
  liveData: [JSON!]!
  parquetUrls: [String!]!
}

type RunConnection {
  edges: [RunEdge!]!
  pageInfo: PageInfo
  totalCount: Int
}

type RunEdge {
  node: Run
  cursor: String
}

enum ArtifactState {
  PENDING
  COMMITTED
  DELETED
}

enum ArtifactCollectionType {
  SEQUENCE
  PORTFOLIO
}

type ArtifactType {
  id: ID!
  name: String!
  description: String
  createdAt: DateTime
  project: Project
  artifact(name: String!): Artifact
  artifactCollection(name: String!): ArtifactCollection
  artifactSequence(name: String!): ArtifactSequence
  artifactCollections(first: Int, after: String, collectionTypes: [ArtifactCollectionType!]): ArtifactCollectionConnection
  artifactSequences(first: Int, after: String): ArtifactSequenceConnection
}

type ArtifactTypeConnection {
  edges: [ArtifactTypeEdge!]!
  pageInfo: PageInfo
}

type ArtifactTypeEdge {
  node: ArtifactType
  cursor: String
}

"A named collection of artifact versions: a sequence (where versions live) or a portfolio (links)."
interface ArtifactCollection {
  id: ID!
  name: String!
  description: String
  createdAt: DateTime
  project: Project
  defaultArtifactType: ArtifactType
  artifacts(first: Int, after: String, filters: JSONString, order: String): VersionedArtifactConnection
  aliases(first: Int, after: String): ArtifactAliasConnection
  artifactMembership(aliasName: String!): ArtifactCollectionMembership
  artifactMemberships(first: Int, after: String): ArtifactCollectionMembershipConnection
  tags(first: Int, after: String): TagConnection
}

type ArtifactSequence implements ArtifactCollection {
  id: ID!
  name: String!
  description: String
  createdAt: DateTime
  project: Project
  defaultArtifactType: ArtifactType
  artifacts(first: Int, after: String, filters: JSONString, order: String): VersionedArtifactConnection
  aliases(first: Int, after: String): ArtifactAliasConnection
  artifactMembership(aliasName: String!): ArtifactCollectionMembership
  artifactMemberships(first: Int, after: String): ArtifactCollectionMembershipConnection
  tags(first: Int, after: String): TagConnection
}

type ArtifactPortfolio implements ArtifactCollection {
  id: ID!
  name: String!
  description: String
  createdAt: DateTime
  project: Project
  defaultArtifactType: ArtifactType
  artifacts(first: Int, after: String, filters: JSONString, order: String): VersionedArtifactConnection
  aliases(first: Int, after: String): ArtifactAliasConnection
  artifactMembership(aliasName: String!): ArtifactCollectionMembership
  artifactMemberships(first: Int, after: String): ArtifactCollectionMembershipConnection
  tags(first: Int, after: String): TagConnection
}

type ArtifactCollectionConnection {
  edges: [ArtifactCollectionEdge!]!
  pageInfo: PageInfo
  totalCount: Int
}

type ArtifactCollectionEdge {
  node: ArtifactCollection
  cursor: String
}

type ArtifactSequenceConnection {
  edges: [ArtifactSequenceEdge!]!
  pageInfo: PageInfo
}

type ArtifactSequenceEdge {
  node: ArtifactSequence
  cursor: String
}

"One artifact version."
type Artifact {
  id: ID!
  digest: String
  commitHash: String
  description: String
  state: ArtifactState
  size: Int64
  fileCount: Int64
  createdAt: DateTime
  updatedAt: DateTime
  metadata: JSONString
  versionIndex: Int
  usedCount: Int
  historyStep: Int64
  ttlDurationSeconds: Int64
  ttlIsInherited: Boolean
  isGenerated: Boolean
  isLinkedToGlobalRegistry: Boolean
  labels: JSONString
  aliases: [ArtifactAlias!]
  tags: [Tag!]
  artifactType: ArtifactType
  artifactSequence: ArtifactSequence
  artifactCollections(first: Int, after: String): ArtifactCollectionConnection
  artifactMemberships(first: Int, after: String): ArtifactCollectionMembershipConnection
  "The run (or user) that logged this version."
  createdBy: ArtifactCreator
  usedBy(first: Int, after: String): RunConnection
  dependsOn(first: Int, after: String): ArtifactConnection
  dependencyOf(first: Int, after: String): ArtifactConnection
  files(names: [String!], first: Int, after: String): FileConnection
  currentManifest: ArtifactManifest
}

union ArtifactCreator = Run | User

type ArtifactConnection {
  edges: [ArtifactEdge!]!
  pageInfo: PageInfo
  totalCount: Int
}

type ArtifactEdge {
  node: Artifact
  cursor: String
}

type InputArtifactConnection {
  edges: [InputArtifactEdge!]!
  pageInfo: PageInfo
  totalCount: Int
}

type InputArtifactEdge {
  node: Artifact
  cursor: String
  usedAs: [String!]
}

type VersionedArtifactConnection {
  edges: [VersionedArtifactEdge!]!
  pageInfo: PageInfo
  totalCount: Int
}

type VersionedArtifactEdge {
  node: Artifact
  "vN"
  version: String
  cursor: String
}

type ArtifactAlias {
  id: ID!
  alias: String!
  artifactCollectionName: String
  artifactCollection: ArtifactCollection
}

type ArtifactAliasConnection {
  edges: [ArtifactAliasEdge!]!
  pageInfo: PageInfo
}

type ArtifactAliasEdge {
  node: ArtifactAlias
  cursor: String
}

type ArtifactCollectionMembership {
  id: ID!
  versionIndex: Int
  createdAt: DateTime
  commitHash: String
  artifact: Artifact
  artifactCollection: ArtifactCollection
  aliases: [ArtifactAlias!]
}

type ArtifactCollectionMembershipConnection {
  edges: [ArtifactCollectionMembershipEdge!]!
  pageInfo: PageInfo
}

type ArtifactCollectionMembershipEdge {
  node: ArtifactCollectionMembership
  cursor: String
}

type ArtifactManifest {
  id: ID
  file: File
}

type Tag {
  id: ID!
  name: String!
  tagCategoryName: String
  attributes: JSONString
}

type TagConnection {
  edges: [TagEdge!]!
  pageInfo: PageInfo
}

type TagEdge {
  node: Tag
  cursor: String
}

type File {
  id: ID!
  name: String!
  displayName: String
  url(upload: Boolean): String
  directUrl: String
  sizeBytes: Int64
  mimetype: String
  updatedAt: DateTime
  md5: String
  digest: String
  storagePath: String
}

type FileConnection {
  edges: [FileEdge!]!
  pageInfo: PageInfo
}

type FileEdge {
  node: File
  cursor: String
}

type View {
  id: ID!
  name: String
  displayName: String
  description: String
  type: String
  spec: JSONString
  createdAt: DateTime
  updatedAt: DateTime
  viewCount: Int
  user: User
  project: Project
  stargazers(first: Int, after: String): UserConnection
}

type ViewConnection {
  edges: [ViewEdge!]!
  pageInfo: PageInfo
}

type ViewEdge {
  node: View
  cursor: String
}

type ServerInstance {
  "Newer clients send first:, older ones limit:; both are accepted."
  projects(first: Int, limit: Int, after: String): ProjectConnection
  views(first: Int, limit: Int, after: String): ViewConnection
  artifactSequences(first: Int, limit: Int, after: String): ArtifactSequenceConnection
  entities: [Entity!]
}

type RepoInsightsRowConnection {
  edges: [RepoInsightsRowEdge!]!
  "Column descriptors {Name, Type, Repeated, Required}."
  schema: JSON
  isNormalizedUserCount: Boolean
  pageInfo: PageInfo
}

type RepoInsightsRowEdge {
  node: RepoInsightsRow
  cursor: String
}

type RepoInsightsRow {
  "Positional values in schema order."
  row: [JSON]
}
`;

let cached: GraphQLSchema | undefined;

/** The schema built from WANDB_SCHEMA_SDL; built once and shared (treat it as immutable). */
export function buildWandbSchema(): GraphQLSchema {
  cached ??= buildSchema(WANDB_SCHEMA_SDL);
  return cached;
}
