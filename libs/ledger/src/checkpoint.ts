import { checkpointFields, NoteError } from './note-format';
import { openNote, signNote, SigningKey, VerifierKey } from './note';

/** A tlog-checkpoint body: the log's origin, its size and the root hash of its first `size` leaves. */
export type Checkpoint = Readonly<{ origin: string; size: number; root: Buffer }>;

export const formatCheckpoint = ({ origin, size, root }: Checkpoint): string => `${origin}\n${size}\n${root.toString('base64')}\n`;

export const parseCheckpoint = (text: string): Checkpoint => {
  const { origin, size, root } = checkpointFields(text);
  return { origin, size, root: Buffer.from(root, 'base64') };
};

export const signCheckpoint = (checkpoint: Checkpoint, key: SigningKey): string => signNote(formatCheckpoint(checkpoint), key);

/** The checkpoint of a signed note, once its signature and (when given) its origin are checked. */
export const openCheckpoint = (note: string, key: VerifierKey, origin?: string): Checkpoint => {
  const checkpoint = parseCheckpoint(openNote(note, key));
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw new NoteError(`the checkpoint is of log ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(origin)}`);
  }
  return checkpoint;
};
