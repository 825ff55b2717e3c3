export * from './replay';
export * from './rule-version.reducer';
export * from './read-model-file';
export * from './read-model-builder';
export * from './rule-read-model';
export * from './projector';
export * from './rule-snapshots';
export * from './screening';
