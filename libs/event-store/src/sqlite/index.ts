export * from './sqlite-event-store';
export * from './sqlite-bulk-loader';
export * from './wal-checkpointer';
export type { CommitTiming } from './sqlite-writer';
export { CANONICAL_JSON_AFTER } from './sqlite-schema';
