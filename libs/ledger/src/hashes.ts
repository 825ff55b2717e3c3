import { createHash, hash } from 'node:crypto';

/**
 * RFC 6962 §2.1 domain separation: a leaf and an interior node can never hash alike. The
 * one-shot `hash` skips a Hash object per call, which is most of the cost of hashing a short
 * input, so a leaf's prefix is joined to its entry rather than fed in as an update of its own.
 */
const NODE_INPUT = Buffer.alloc(65);
NODE_INPUT[0] = 0x01;

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export const leafHash = (entry: string | Uint8Array): Buffer =>
  typeof entry === 'string'
    ? hash('sha256', `\u0000${entry}`, 'buffer')
    : hash('sha256', Buffer.concat([Buffer.from([0x00]), entry]), 'buffer');

/** SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => {
  if (left.length !== 32 || right.length !== 32)
    return createHash('sha256')
      .update(Buffer.from([0x01]))
      .update(left)
      .update(right)
      .digest();
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 33);
  return hash('sha256', NODE_INPUT, 'buffer');
};

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();
