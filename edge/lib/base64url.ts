/**
 * @module
 * Unpadded base64url (RFC 4648 §5): how random tokens and MACs are written into URLs and headers.
 */

export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The bytes of unpadded or padded base64url, or null when it is not base64url. */
export function fromBase64url(text: string): Uint8Array | null {
  try {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    // workerd's atob wants the padding back.
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
