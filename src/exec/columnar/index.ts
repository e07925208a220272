/**
 * PanelQL columnar engine: a library of kernels over Arrow-layout columns (see docs/columnar.md).
 */
export * from './bitmap.js';
export * from './column.js';
export * from './table.js';
export * from './arrow.js';
export * from './json.js';
export * from './concat.js';
export * from './selection.js';
export * from './reduce.js';
export * from './compute.js';
export * from './strings.js';
export * from './groupby.js';
export * from './sort.js';
export * from './join.js';
export * from './warmup.js';
export * from './table-file.js';
export * from './strings-map.js';
export * from './numbers-map.js';
export * from './dates.js';
export * from './json-text.js';
