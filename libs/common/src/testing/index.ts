// Test helpers shared by every tier; imported as `@policy/common/testing`, never by production code.
export * from './wait-for';
