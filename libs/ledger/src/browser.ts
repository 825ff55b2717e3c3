// What a browser can take of this library: no node:crypto, no Buffer. The console imports it as
// `@policy/ledger/browser` and brings WebCrypto for the hashes and the signature.
export * from './proof-climb';
export * from './note-format';
