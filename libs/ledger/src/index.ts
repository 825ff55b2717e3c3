export * from './hashes';
export * from './merkle';
export * from './verify-proofs';
export * from './frontier';
export * from './entry';
export * from './note';
export * from './checkpoint';
export * from './verify-log';
