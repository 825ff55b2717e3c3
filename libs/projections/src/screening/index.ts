export * from './screening-view';
export * from './screening-projector';
export * from './screener';
