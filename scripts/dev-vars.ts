/**
 * @module
 * Creates `.dev.vars` (local Worker secrets) from `.dev.vars.example` when it is missing, with a
 * fresh random value for every secret. An existing file is never touched.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export function ensureDevVars(dir = '.'): Record<string, string> {
  const path = `${dir}/.dev.vars`;
  if (!existsSync(path)) {
    const example = readFileSync(`${dir}/.dev.vars.example`, 'utf8');
    const filled = example.replace(
      /^([A-Z0-9_]+)=.*$/gm,
      (_line, key: string) => `${key}=${randomBytes(32).toString('base64')}`,
    );
    writeFileSync(path, filled, { mode: 0o600 });
    console.log('created .dev.vars with fresh local secrets');
  }
  return parseDevVars(readFileSync(path, 'utf8'));
}

export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const match of text.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)) vars[match[1]!] = match[2]!.trim();
  return vars;
}
