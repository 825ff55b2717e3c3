export * from './evaluation-request';
export * from './verdict';
export * from './evaluation-id';
export * from './evaluation-answer';
export * from './rule-match';
export * from './line-screening';
export * from './answer-comparison';
export * from './evaluation-events';
