/**
 * PanelQL, browser-safe entry: parse, check, print, suggest and evaluate Query Panel
 * expressions, plus the Weave wire format and Weave Type JSON. Nothing reachable from here
 * imports a Node built-in (test/browser checks it); Node-only parts are in `panelql/node`.
 */
export * from './api.js';
export { toWire, fromWire, WireFormatError, type WireGraph, type WireItem } from './graph/serialize.js';
export { toWeaveTypeJson, fromWeaveTypeJson, typeOfValue, type WeaveTypeJson } from './types/index.js';
export { encodeValue, decodeValue } from './exec/encode.js';
export { stripTags } from './ops/values.js';
export type { Span } from './parser/ast.js';
