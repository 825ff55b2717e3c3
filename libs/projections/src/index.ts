export * from './replay';
export * from './rule-version.reducer';
export { PROJECTION_VERSION } from './read-model/read-model.schema';
export type { ChangePage, ChangePageRequest, RuleChange, RuleFilters, RulePage, RulePageJson } from './read-model/read-model.types';
export * from './read-model/read-model-file';
export * from './read-model/join-built-parts';
export * from './read-model-builder';
export * from './rule-read-model';
export * from './projector';
export * from './rule-snapshots';
export * from './screening';
// The point-in-time type moved to the domain (the read model, the replay and the snapshots all
// take one); re-exported so the apps' queries keep naming it from here.
export type { PointInTime } from '@policy/domain';
