/**
 * @module
 * Keeps `.dev.vars` (local Worker secrets) in step with `.dev.vars.example`: a missing file is
 * created, and a secret the example gained since is appended, each with a fresh random value
 * (base64 of 32 bytes — also the format WEBHOOK_SECRET_KEY needs). `settings` are local-only
 * values that are not secrets (e.g. NOTIFY_ALLOW_LOCAL_HTTP=true), appended when missing.
 * Existing values are never touched.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { bytesToBase64 } from '../edge/lib/encoding.ts';

const randomSecret = () => bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));

export function ensureDevVars(
  dir = '.',
  settings: Record<string, string> = {},
): Record<string, string> {
  const path = `${dir}/.dev.vars`;
  const wanted = Object.keys(parseDevVars(readFileSync(`${dir}/.dev.vars.example`, 'utf8')));
  if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600 });
  const present = parseDevVars(readFileSync(path, 'utf8'));
  const missing = [...wanted, ...Object.keys(settings)].filter((key) => !(key in present));
  if (missing.length > 0) {
    const text = readFileSync(path, 'utf8');
    const lines = missing.map((key) => `${key}=${settings[key] ?? randomSecret()}\n`).join('');
    appendFileSync(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}${lines}`);
    console.log(`.dev.vars: added local ${missing.join(', ')}`);
  }
  return parseDevVars(readFileSync(path, 'utf8'));
}

export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const match of text.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)) vars[match[1]!] = match[2]!.trim();
  return vars;
}
