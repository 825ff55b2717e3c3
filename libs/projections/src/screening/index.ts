export * from './screening-view';
export * from './screening-projector';
