/**
 * @module
 * The one home for byte encodings and digests on the edge, the CLIs and the tests: standard base64
 * (strict on the way in: secrets and signatures that are not canonical base64 are refused rather
 * than decoded leniently, atob skipping whitespace for one), unpadded base64url (RFC 4648 §5: how
 * random tokens, MACs and cursors are written into URLs and headers), lower-case hex, and SHA-256.
 */

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The decoded bytes, or null when `text` is not padded standard base64. */
export function base64ToBytes(text: string): Bytes | null {
  if (!BASE64.test(text)) return null;
  return binaryToBytes(atob(text));
}

export function base64url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of unpadded or padded base64url, or null when it is not base64url. */
export function fromBase64url(text: string): Bytes | null {
  try {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    // workerd's atob wants the padding back.
    return binaryToBytes(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
  } catch {
    return null;
  }
}

function binaryToBytes(binary: string): Bytes {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Lower-case hex, two digits a byte. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of the bytes, or of the UTF-8 of a string. */
export async function sha256(data: string | Uint8Array): Promise<Bytes> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

/** Lower-case hex SHA-256; `bytes` keeps only the digest's first bytes (an id, a fingerprint). */
export async function sha256Hex(data: string | Uint8Array, bytes = 32): Promise<string> {
  return hex((await sha256(data)).subarray(0, bytes));
}
