import { hash } from 'node:crypto';

/**
 * The hex SHA-256 of a text, one-shot: API keys and session ids on every request, the request
 * hashes that tell a keyed retry from a different request, and name-based ids. A `Hash` object
 * costs more than the digest of such short inputs.
 */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');
