import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * Checks of what the ledger serves, written from the specs (C2SP signed-note and
 * tlog-checkpoint, RFC 6962) for tests only, without the service's own code.
 */
export const sha256LeafB64 = (entry: string): string =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(entry, 'utf8')
    .digest('base64');

/** The checkpoint a note carries once its Ed25519 signature by `verifierKey` checks; throws otherwise. */
export const openNoteIndependently = (note: string, verifierKey: string): { origin: string; size: number; root: Buffer } => {
  const [name, hexId, ...rest] = verifierKey.trim().split('+');
  const raw = Buffer.from(rest.join('+'), 'base64');
  if (raw[0] !== 1 || raw.length !== 33) throw new Error('not an Ed25519 verifier key');
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  const split = note.indexOf('\n\n');
  const text = note.slice(0, split + 1);
  const line = note.slice(split + 2).split('\n')[0]!;
  const [dash, signer, signature] = line.split(' ');
  const sig = Buffer.from(signature ?? '', 'base64');
  if (dash !== '\u2014' || signer !== name || sig.subarray(0, 4).toString('hex') !== hexId) throw new Error('no signature by this key');
  if (!verify(null, Buffer.from(text), key, sig.subarray(4))) throw new Error('the signature does not verify');
  const [origin, size, root] = text.split('\n');
  return { origin: origin!, size: Number(size), root: Buffer.from(root!, 'base64') };
};
