import { generateKeyPairSync } from 'node:crypto';
import {
  formatSigningKey,
  formatVerifierKey,
  ledgerEntry,
  ledgerEntryFromCanonicalColumns,
  isCanonicalEntry,
  openCheckpoint,
  parseSigningKey,
  parseVerifierKey,
  signCheckpoint,
  signingKeyFromSeed,
  NoteError,
} from '@policy/ledger';

const seed = Buffer.alloc(32, 7);
const key = signingKeyFromSeed('ledger.example/log', seed);
const verifier = parseVerifierKey(formatVerifierKey(key));
const root = Buffer.alloc(32, 0xab);

describe('Signed checkpoint', () => {
  it('is a C2SP note: origin, size, base64 root, a blank line and an em-dash signature line', () => {
    const note = signCheckpoint({ origin: 'ledger.example/log', size: 12, root }, key);
    const [body, signature] = note.split('\n\n');
    expect(body).toBe(`ledger.example/log\n12\n${root.toString('base64')}`);
    expect(signature).toMatch(/^\u2014 ledger\.example\/log [A-Za-z0-9+/]+=*\n$/);
    expect(Buffer.from(signature!.split(' ')[2]!, 'base64').subarray(0, 4).equals(key.keyId)).toBe(true);
    expect(openCheckpoint(note, verifier, 'ledger.example/log')).toEqual({ origin: 'ledger.example/log', size: 12, root });
  });

  it('is refused when its size, root or signature was changed, or by another key or origin', () => {
    const note = signCheckpoint({ origin: 'ledger.example/log', size: 12, root }, key);
    expect(() => openCheckpoint(note.replace('\n12\n', '\n13\n'), verifier)).toThrow(NoteError);
    expect(() => openCheckpoint(note.replace(root.toString('base64'), Buffer.alloc(32, 1).toString('base64')), verifier)).toThrow(
      NoteError,
    );
    const other = parseVerifierKey(formatVerifierKey(signingKeyFromSeed('ledger.example/log', Buffer.alloc(32, 8))));
    expect(() => openCheckpoint(note, other)).toThrow(/no signature/);
    expect(() => openCheckpoint(note, verifier, 'elsewhere/log')).toThrow(/not "elsewhere\/log"/);
  });

  it('is signed by a key that the verifier key names by a hash of its name and public key', () => {
    const text = formatVerifierKey(key);
    expect(text).toMatch(/^ledger\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(() => parseVerifierKey(text.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(NoteError);
  });

  it('has a signing key that reads back as the same key', () => {
    const again = parseSigningKey(formatSigningKey(key));
    expect(formatVerifierKey(again)).toBe(formatVerifierKey(key));
    expect(() => parseSigningKey('PRIVATE+KEY+x+00+AAAA')).toThrow(NoteError);
  });

  it('verifies with node:crypto as a plain Ed25519 signature over the note text', () => {
    // A freshly generated key pair's raw seed gives the same public key through the note form.
    const pair = generateKeyPairSync('ed25519');
    const raw = pair.privateKey.export({ format: 'jwk' }).d!;
    const fromSeed = signingKeyFromSeed('k', Buffer.from(raw, 'base64url'));
    expect(fromSeed.publicKey.toString('base64url')).toBe(pair.publicKey.export({ format: 'jwk' }).x);
  });
});

describe('Ledger entry', () => {
  const event = {
    position: 3,
    streamId: 'rule-a',
    revision: 0,
    eventId: '5b4a',
    type: 'RuleProposed',
    data: { z: 1, a: [2, { y: 'é', b: null }], m: 1e21 },
    metadata: { recordedAt: '2026-01-01T00:00:00.000Z', actor: 'x' },
  };

  it('is the JCS text of the stored fields, members sorted', () => {
    expect(ledgerEntry(event)).toBe(
      '{"data":{"a":[2,{"b":null,"y":"é"}],"m":1e+21,"z":1},"eventId":"5b4a","metadata":{"actor":"x","recordedAt":"2026-01-01T00:00:00.000Z"},"position":3,"revision":0,"streamId":"rule-a","type":"RuleProposed"}',
    );
    expect(isCanonicalEntry(ledgerEntry(event))).toBe(true);
  });

  it('is the same text when built from canonical columns without parsing them', () => {
    const fast = ledgerEntryFromCanonicalColumns(
      3,
      'rule-a',
      0,
      '5b4a',
      'RuleProposed',
      '{"a":[2,{"b":null,"y":"é"}],"m":1e+21,"z":1}',
      '{"actor":"x","recordedAt":"2026-01-01T00:00:00.000Z"}',
    );
    expect(fast).toBe(ledgerEntry(event));
    expect(isCanonicalEntry(ledgerEntryFromCanonicalColumns(3, 'rule-a', 0, '5b4a', 'T', '{"z":1,"a":2}', '{}'))).toBe(false);
  });
});
