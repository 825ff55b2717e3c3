/** True when each type is assignable to the other: ties a zod schema to a domain type at compile time. */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Fails to compile unless its argument is `true`. */
export type Assert<T extends true> = T;
