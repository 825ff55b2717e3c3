export * from './event-store.port';
export * from './expected-revision';
export * from './polling-subscription';
export * from './sqlite-event-store';
export * from './open-event-store';
