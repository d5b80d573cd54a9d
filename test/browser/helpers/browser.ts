/**
 * @module
 * The real browser for the widget suites: Debian's Chromium driven by playwright-core. Without a
 * Chromium the suite fails with a message saying so (it never passes silently); set
 * PAGETOJOB_SKIP_BROWSER=1 to skip it on purpose, which prints a loud warning instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PAGETOJOB_CHROMIUM ?? '/usr/bin/chromium';
export const SKIP_BROWSER = process.env.PAGETOJOB_SKIP_BROWSER === '1';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

if (SKIP_BROWSER) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! PAGETOJOB_SKIP_BROWSER=1: the real-browser widget suites are SKIPPED.\n` +
      `!! Nothing about the widget in a browser has been verified in this run.\n${'!'.repeat(78)}\n`,
  );
}

/** Launches Chromium (playwright gives each launch a fresh temporary --user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: the real-browser suites cannot run.\n` +
        `Install it (Debian/Ubuntu: apt-get update && apt-get install -y chromium), point ` +
        `PAGETOJOB_CHROMIUM at another Chromium binary, or skip these suites explicitly with ` +
        `PAGETOJOB_SKIP_BROWSER=1.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
