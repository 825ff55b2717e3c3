import { checkpointFields, climbConsistency, climbInclusion, NoteError, splitNote, splitVerifierKey } from '@policy/ledger/browser';

/**
 * The ledger's proofs checked in this browser with WebCrypto (Ed25519 and SHA-256): nothing the
 * server says about its own hashes is taken on trust, only the entries, paths and signed notes
 * it serves, each recomputed here.
 */

/** An answer's receipt: the leaf of the event it rests on and the checkpoint signed when it was given. */
export interface Receipt {
  readonly position: number;
  readonly leafHash: string;
  readonly treeSize: number;
  readonly checkpoint: string;
}

/** A checkpoint whose signature verified: the log's origin, its size and its root hash (base64). */
export interface VerifiedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly signedBy: string;
  /** The signed note as verified, for an auditor to save and compare a later checkpoint with. */
  readonly note: string;
}

const ED25519 = 0x01;
const utf8 = (text: string) => new TextEncoder().encode(text);
export const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
export const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const sha256 = async (...parts: Uint8Array[]): Promise<Uint8Array> => {
  const input = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    input.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
};
const joinNodes = async (left: Promise<Uint8Array>, right: Promise<Uint8Array>) => sha256(Uint8Array.of(0x01), await left, await right);

/** RFC 6962: SHA-256(0x00 ‖ entry), base64. */
export const leafHashOf = async (entry: string): Promise<string> => toBase64(await sha256(Uint8Array.of(0x00), utf8(entry)));

/** Opens a C2SP signed checkpoint with a verifier key (`<name>+<hex id>+<base64 key>`); throws NoteError. */
export const openCheckpoint = async (note: string, verifierKey: string): Promise<VerifiedCheckpoint> => {
  const { name, keyId, key } = splitVerifierKey(verifierKey);
  const raw = fromBase64(key);
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('the verifier key is not an Ed25519 key');
  const publicKey = raw.slice(1);
  if (hex((await sha256(utf8(`${name}\n`), Uint8Array.of(ED25519), publicKey)).slice(0, 4)) !== keyId) {
    throw new NoteError('the verifier key id does not match its key');
  }
  const { text, signatures } = splitNote(note);
  const signature = signatures
    .filter((line) => line.name === name)
    .map((line) => fromBase64(line.signature))
    .find((bytes) => bytes.length === 68 && hex(bytes.slice(0, 4)) === keyId);
  if (!signature) throw new NoteError(`the checkpoint has no signature by ${name}`);
  const cryptoKey = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signature.slice(4), utf8(text)))) {
    throw new NoteError(`the signature of ${name} does not verify`);
  }
  return { ...checkpointFields(text), signedBy: `${name}+${keyId}`, note };
};

/** The root (base64) an audit path leads to from a leaf, or undefined when the path cannot fit. */
export const rootFromInclusion = async (index: number, size: number, leafHash: string, path: readonly string[]) => {
  const root = climbInclusion(
    index,
    size,
    Promise.resolve(fromBase64(leafHash)),
    path.map((node) => Promise.resolve(fromBase64(node))),
    joinNodes,
  );
  return root && toBase64(await root);
};

/** Whether a consistency proof shows the tree of `from` leaves (root `fromRoot`) is a prefix of the tree of `to`. */
export const isConsistent = async (from: number, to: number, proof: readonly string[], fromRoot: string, toRoot: string) => {
  const climbed = climbConsistency(
    from,
    to,
    proof.map((node) => Promise.resolve(fromBase64(node))),
    Promise.resolve(fromBase64(fromRoot)),
    Promise.resolve(fromBase64(toRoot)),
    joinNodes,
  );
  if (climbed === undefined) return false;
  const [climbedFrom, climbedTo] = await Promise.all([climbed.fromRoot, climbed.toRoot]);
  return toBase64(climbedFrom) === fromRoot && toBase64(climbedTo) === toRoot;
};
