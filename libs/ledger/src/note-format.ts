/**
 * The text forms of C2SP signed notes (c2sp.org/signed-note), their verifier keys and the
 * tlog-checkpoint body (c2sp.org/tlog-checkpoint), read without any cryptography or Node API:
 * the service and the offline verifier check them with node:crypto, the console with WebCrypto.
 */
export class NoteError extends Error {
  override readonly name = 'NoteError';
}

const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/;
/** The canonical base64 of 32 bytes: 43 characters whose last carries 2 zero bits, and one '='. */
const BASE64_SHA256 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export type NoteSignature = Readonly<{ name: string; signature: string }>;

/** The signed text (ending in a newline) and its signature lines, each a key name and base64(key id ‖ signature). */
export const splitNote = (note: string): { text: string; signatures: NoteSignature[] } => {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('not a signed note: no blank line before the signatures');
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const match = SIGNATURE_LINE.exec(line);
      if (!match) throw new NoteError(`malformed signature line ${JSON.stringify(line)}`);
      return { name: match[1]!, signature: match[2]! };
    });
  return { text: note.slice(0, split + 1), signatures };
};

/** Splits on the first `count - 1` '+': the last field is base64, whose alphabet has '+' too. */
export const splitKey = (text: string, count: number): string[] => {
  const parts = text.trim().split('+');
  return parts.length <= count ? parts : [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
};

/** `<name>+<hex key id>+<base64(0x01 ‖ public key)>`, split into its fields. */
export const splitVerifierKey = (text: string): { name: string; keyId: string; key: string } => {
  const parts = splitKey(text, 3);
  const [name, keyId, key] = parts;
  if (parts.length !== 3 || !name || !keyId || !key) throw new NoteError('a verifier key reads <name>+<hex id>+<base64 key>');
  return { name, keyId: keyId.toLowerCase(), key };
};

/** A checkpoint body's fields: the log's origin, its size and the base64 root hash of its first `size` leaves. */
export const checkpointFields = (text: string): { origin: string; size: number; root: string } => {
  const [origin, size, root] = text.split('\n');
  if (!origin || !size || root === undefined || !/^(0|[1-9][0-9]*)$/.test(size))
    throw new NoteError('not a checkpoint: origin, size, root hash');
  if (!BASE64_SHA256.test(root)) throw new NoteError('the checkpoint root is not a base64 SHA-256 hash');
  return { origin, size: Number(size), root };
};
