// What the tests and the bench share, written once: rule fixtures, the seeded PRNG, the
// service as a child process. Part of the build (the bench runs from dist), but never
// imported by production code.
export * from './rule-fixtures';
export * from './seeded-random';
export * from './service-process';
export * from './receipts';
