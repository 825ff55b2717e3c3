// Small utilities every layer above the domain shares, one copy each. No Nest, no store.
export * from './backoff';
export * from './env';
export * from './position-waiters';
export * from './name-based-uuid';
export * from './time-ordered-uuid';
export * from './data-dir';
export * from './type-assertions';
export * from './tracing';
export * from './tracing-sdk';
export * from './lean-async-resource-bind';
export * from './bytes-cache';
export * from './sha256';
