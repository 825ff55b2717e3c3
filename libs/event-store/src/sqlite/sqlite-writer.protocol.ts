/** The messages between the SQLite store (SqliteWriter) and its writer thread: plain data only. */

/** An append as it crosses to the writer thread: the event bodies already JSON. */
export interface WireAppend {
  readonly streamId: string;
  /** `'no-stream'`, `'exists'`, `'any'`, or the revision the stream's last event must have. */
  readonly expected: 'no-stream' | 'exists' | 'any' | number;
  /** `[eventId, type, data, metadata]`, data and metadata as JSON text. */
  readonly events: readonly (readonly [string, string, string, string])[];
}

/**
 * How one append of a batch ended. Refusals are the caller's stale view (the stream is not at
 * the expected revision, an event id is taken); anything else is a failure of the store.
 */
export type WireOutcome =
  | { readonly ok: true; readonly revision: number; readonly position: number }
  | { readonly ok: false; readonly refused: 'revision'; readonly actual: number | null }
  | { readonly ok: false; readonly refused: 'event-id' | 'stream' }
  | { readonly ok: false; readonly refused: null; readonly code?: string; readonly message: string };

/** What the thread is started with. */
export interface WriterThreadData {
  readonly file: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  /** `wal_autocheckpoint` of the thread's connection: 1000 (SQLite's default) or 0 (off). */
  readonly autoCheckpointPages: number;
}

/** The requests that are answered, by `id`. */
export type WriterCall =
  | { readonly kind: 'appends'; readonly appends: readonly WireAppend[] }
  | { readonly kind: 'checkpoint'; readonly name: string; readonly position: number; readonly at: string };

export type WriterRequest =
  (WriterCall & { readonly id: number }) | { readonly kind: 'autocheckpoint'; readonly pages: number } | { readonly kind: 'close' };

/** The answer to a WriterCall: its result, or the error it threw, reduced to what clones. */
export type WriterReply = {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly code?: string; readonly message: string };
};
