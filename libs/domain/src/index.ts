export * from './time';
export * from './point-in-time';
export * from './rule-terms';
export * from './rule-events';
export * from './rule-commands';
export * from './rule.decider';
export * from './envelope';
export * from './errors';
