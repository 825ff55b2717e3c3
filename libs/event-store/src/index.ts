export * from './event-store.port';
export * from './expected-revision';
export * from './log-scan.port';
export * from './open-log-scan';
export * from './polling-subscription';
export * from './sqlite';
export * from './open-event-store';
export * from './store-start-error';
export * from './event-count';
export * from './stream-tombstone';
export * from './storage-errors';
// Pure, no client: the api names the server in its health answers without loading the client.
export * from './kurrentdb/kurrentdb-address';
