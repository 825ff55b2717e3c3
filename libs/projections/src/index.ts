export * from './replay';
export * from './rule-version.reducer';
export * from './rule-read-model';
export * from './projector';
