// The log scan alone, for a worker thread that reads the log and should not load the whole store
// library (its clients and the domain's schemas) to do it. Imported as `@policy/event-store/log-scan`.
export * from './open-log-scan';
export type * from './log-scan.port';
