import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { NoteError, splitKey, splitNote, splitVerifierKey } from './note-format';

export { NoteError } from './note-format';

/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, and the tlog-checkpoint body
 * (c2sp.org/tlog-checkpoint) they carry here.
 */
const ED25519 = 0x01;
/** PKCS#8 and SPKI headers of a raw 32-byte Ed25519 key, so node:crypto takes the bare bytes. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type SigningKey = Readonly<{ name: string; keyId: Buffer; privateKey: KeyObject; publicKey: Buffer }>;
export type VerifierKey = Readonly<{ name: string; keyId: Buffer; publicKey: KeyObject; text: string }>;

const keyId = (name: string, publicKey: Buffer): Buffer =>
  createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);

const checkName = (name: string): string => {
  if (name === '' || /[\s+]/.test(name)) throw new NoteError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or '+'`);
  return name;
};

/** A signing key from its 32-byte seed. */
export const signingKeyFromSeed = (name: string, seed: Buffer): SigningKey => {
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { name: checkName(name), keyId: keyId(name, publicKey), privateKey, publicKey };
};

const seedOf = (key: SigningKey): Buffer => key.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);

/** `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>`, the form Go's note package reads. */
export const formatSigningKey = (key: SigningKey): string =>
  `PRIVATE+KEY+${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seedOf(key)]).toString('base64')}`;

export const parseSigningKey = (text: string): SigningKey => {
  const parts = splitKey(text, 5);
  const [p, k, name, id, data] = parts;
  if (parts.length !== 5 || p !== 'PRIVATE' || k !== 'KEY' || !name || !id || !data) {
    throw new NoteError('a signing key reads PRIVATE+KEY+<name>+<hex id>+<base64 key>');
  }
  const raw = Buffer.from(data, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('the signing key is not an Ed25519 key');
  const key = signingKeyFromSeed(name, raw.subarray(1));
  if (key.keyId.toString('hex') !== id.toLowerCase()) throw new NoteError('the signing key id does not match its key');
  return key;
};

/** `<name>+<hex id>+<base64(0x01 ‖ public key)>`. */
export const formatVerifierKey = (key: Pick<SigningKey, 'name' | 'keyId' | 'publicKey'>): string =>
  `${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), key.publicKey]).toString('base64')}`;

export const parseVerifierKey = (text: string): VerifierKey => {
  const { name, keyId: id, key } = splitVerifierKey(text);
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('the verifier key is not an Ed25519 key');
  const publicKey = raw.subarray(1);
  if (keyId(name, publicKey).toString('hex') !== id) throw new NoteError('the verifier key id does not match its key');
  return {
    name,
    keyId: keyId(name, publicKey),
    publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' }),
    text: text.trim(),
  };
};

/** The note text (ending in a newline), a blank line, and one signature line. */
export const signNote = (text: string, key: SigningKey): string => {
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new NoteError('a note text ends in a newline and has no blank line');
  const signature = sign(null, Buffer.from(text, 'utf8'), key.privateKey);
  return `${text}\n\u2014 ${key.name} ${Buffer.concat([key.keyId, signature]).toString('base64')}\n`;
};

/** The text of a note signed by `key`; throws NoteError when no signature of that key verifies. */
export const openNote = (note: string, key: VerifierKey): string => {
  const { text, signatures } = splitNote(note);
  for (const { name, signature } of signatures) {
    const raw = Buffer.from(signature, 'base64');
    if (name !== key.name || raw.length !== 68 || !raw.subarray(0, 4).equals(key.keyId)) continue;
    if (verify(null, Buffer.from(text, 'utf8'), key.publicKey, raw.subarray(4))) return text;
    throw new NoteError(`the signature of ${key.name} does not verify`);
  }
  throw new NoteError(`the note has no signature by ${key.name}`);
};
