/**
 * @module
 * Styles go only into the widget's shadow root, as constructable stylesheets: they are not subject
 * to the host page's CSP `style-src` and put nothing into the host document. Browsers without
 * adoptedStyleSheets (Safari < 16.4) get a <style> element in the shadow root instead, which a
 * CSP without `style-src 'unsafe-inline'` blocks there (see docs/widget.md, CSP section).
 */
import css from './styles.css?inline';

const sheets = new Map<string, CSSStyleSheet>();

function sheetFor(text: string): CSSStyleSheet {
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  return sheet;
}

/** The base styles plus `theme` (the tenant's custom properties), replacing earlier ones. */
export function adoptStyles(root: ShadowRoot, theme = ''): void {
  if (root.adoptedStyleSheets) {
    root.adoptedStyleSheets = [css, theme].map(sheetFor);
  } else {
    const style = root.querySelector('style') ?? root.appendChild(document.createElement('style'));
    style.textContent = css + theme;
  }
}
