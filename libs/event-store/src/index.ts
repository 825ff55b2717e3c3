export * from './event-store.port';
export * from './expected-revision';
export * from './log-scan.port';
export * from './open-log-scan';
export * from './polling-subscription';
export * from './sqlite';
export * from './open-event-store';
