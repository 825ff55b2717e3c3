// The adapter and its pure half: how the port's values become the client's and back. Nothing
// in the pure half talks to a server, so each of its rules is covered by unit tests.
export * from './kurrentdb-event-store';
export * from './kurrentdb-checkpoints';
export * from './kurrentdb-errors';
export * from './kurrentdb-events';
export * from './kurrentdb-expected-revision';
export * from './kurrentdb-positions';
export * from './kurrentdb-read-plans';
export * from './kurrentdb-subscription';
