export * from './rfc6962-reference';
export * from './memory-tree';
