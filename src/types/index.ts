/**
 * PanelQL's type algebra: the Weave type representation, constructors, assignability,
 * unions / maybe / tags, the op-kind modifiers, value → type inference, the readable form and
 * the Weave Type JSON wire form. See docs/types.md.
 */
export * from './model.js';
export * from './guards.js';
export * from './assignability.js';
export * from './constructors.js';
export * from './accessors.js';
export * from './modifiers.js';
export * from './categories.js';
export { emptyProps, getProp, hasProp, propsFromEntries, propEntries, mapProps } from './props.js';
export * from './values.js';
export * from './print.js';
export * from './json.js';
