/** The local (embedded) backend. `./backend.js` is the browser-safe core; this entry adds Node file access. */
export { LocalBackend, createLocalBackend, type LocalBackendOptions, type ExecuteOptions } from './backend.js';
export { openWorkspace, folderFileSource, PathEscapeError, type OpenWorkspaceOptions } from './node.js';
export { WorkspaceError, type WorkspaceIssue, type FileSource } from './store.js';
export { FilterError } from './filters.js';
export { HistoryFileError } from './runs.js';
