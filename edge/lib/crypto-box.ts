/**
 * @module
 * AES-256-GCM sealing of signing secrets at rest. The key is the `WEBHOOK_SECRET_KEY` Worker
 * secret (base64 of 32 bytes), imported once per isolate. Each value gets a fresh 96-bit IV and is
 * bound to `context` (additional authenticated data), so a ciphertext only opens for the row it
 * was written for. Plain WebCrypto: the seed script runs this under Node too.
 */
import { base64ToBytes, bytesToBase64, type Bytes } from './encoding.ts';

const IV_BYTES = 12;
const encoder = new TextEncoder();

let imported: { source: string; key: Promise<CryptoKey> } | undefined;

function masterKey(keyBase64: string): Promise<CryptoKey> {
  if (imported?.source === keyBase64) return imported.key;
  const bytes = base64ToBytes(keyBase64);
  if (!bytes || bytes.length !== 32) {
    // Say what is wrong with the configuration, never the value.
    throw new Error('WEBHOOK_SECRET_KEY must be the base64 of 32 bytes');
  }
  const key = crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  imported = { source: keyBase64, key };
  return key;
}

/** base64(iv || ciphertext || tag) of `plaintext`, bound to `context`. */
export async function seal(keyBase64: string, plaintext: Bytes, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    await masterKey(keyBase64),
    plaintext,
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return bytesToBase64(out);
}

/** The plaintext of a `seal` output; throws if the key, the context or the bytes do not match. */
export async function open(keyBase64: string, sealed: string, context: string): Promise<Bytes> {
  const bytes = base64ToBytes(sealed);
  if (!bytes || bytes.length <= IV_BYTES) throw new Error('sealed value is malformed');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(context) },
    await masterKey(keyBase64),
    bytes.subarray(IV_BYTES),
  );
  return new Uint8Array(plain);
}
