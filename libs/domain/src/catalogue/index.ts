export * from './catalogue-events';
export * from './catalogue-commands';
export * from './catalogue-names';
export * from './catalogue.decider';
export * from './catalogue.queries';
export * from './catalogue-storage';
