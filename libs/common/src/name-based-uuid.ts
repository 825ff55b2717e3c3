import { sha256Hex } from './sha256';

/**
 * A UUID named by `name` (the version 8 layout over SHA-256): the same name always gives the same
 * id, which is how a keyed retry lands on the id its first attempt wrote.
 */
export const nameBasedUuid = (name: string): string => {
  const hex = sha256Hex(name).slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return uuidFromHex(hex.join(''));
};

/** 32 hex digits in the UUID text form, 8-4-4-4-12. */
export const uuidFromHex = (h: string): string =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
