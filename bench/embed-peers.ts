/**
 * @module
 * The embeds a contractor would otherwise paste, as their vendors' published packages ship them
 * (bench-only devDependencies, exact versions): each one's inline snippet replaces the widget's
 * script tag on the same demo page, and the files its snippet would fetch from the vendor's CDN
 * are answered from node_modules instead. What they load next (the booking iframe, fonts, the
 * form definition) cannot load offline and is blocked, so each peer is measured on its loader
 * alone — less than what a visitor of that page would get.
 *
 * The demo page's Content-Security-Policy (`script-src 'self'`, `style-src 'self'`) refuses both
 * snippets (an inline script; a script and inline styles from the vendor's host), so the peers
 * are served the page without it, as a contractor pasting them would have to loosen theirs. The
 * widget runs under the policy as it is.
 *
 * Calendly: no npm package ships its `widget.js` (react-calendly and the Vue wrappers load it
 * from Calendly's CDN at run time), so it is not measured.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export interface EmbedVariant {
  name: string;
  /** The demo page's HTML with this embed instead of the widget. */
  html(page: string): string;
  /** CDN URL (host + path, no scheme) → the file in node_modules that answers it. */
  files: Record<string, string>;
}

const WIDGET_TAG = /<script[^>]*src="\/widget\.js"[^>]*><\/script>/;
const BOOKING_SLOT = '<div id="booking" class="booking-slot"></div>';

/** The page with `slot` in the booking slot and `script` where the widget's tag was. */
function replaceWidget(page: string, slot: string, script: string): string {
  if (!WIDGET_TAG.test(page) || !page.includes(BOOKING_SLOT)) {
    throw new Error('the demo page no longer has the widget tag and booking slot to replace');
  }
  // Function replacers: a `$` in the vendor's code must not be read as a replacement pattern.
  return page
    .replace(WIDGET_TAG, () => script)
    .replace(BOOKING_SLOT, () => `<div id="booking" class="booking-slot">${slot}</div>`);
}

/** The demo page without any embed: the reference every "added" figure subtracts. */
export const noEmbed = (page: string) => replaceWidget(page, '', '');

const CAL_EMBED_URL = 'https://app.cal.com/embed/embed.js';

/** Cal.com's inline embed, as its embed code generator writes it, with the package's snippet. */
const calcom: EmbedVariant = {
  name: 'Cal.com inline embed (@calcom/embed-snippet + embed-core)',
  html(page) {
    const { EmbedSnippetString } = require('@calcom/embed-snippet') as {
      EmbedSnippetString: string;
    };
    const script = `<script type="text/javascript">
(${EmbedSnippetString})(${JSON.stringify(CAL_EMBED_URL)});
Cal("init", "service", { origin: "https://app.cal.com" });
Cal.ns["service"]("inline", { elementOrSelector: "#my-cal-inline", config: { layout: "month_view" }, calLink: "desert-peak/service" });
Cal.ns["service"]("ui", { hideEventTypeDetails: false, layout: "month_view" });
</script>`;
    const slot = '<div style="width:100%;height:100%;overflow:scroll" id="my-cal-inline"></div>';
    return replaceWidget(page, slot, script);
  },
  files: {
    'app.cal.com/embed/embed.js': join(packageDir('@calcom/embed-core'), 'dist/embed/embed.js'),
  },
};

const typeformBuild = () => join(packageDir('@typeform/embed'), 'build');

/** Typeform's standard inline embed (`data-tf-widget` and its `embed.js`). */
const typeform: EmbedVariant = {
  name: 'Typeform inline embed (@typeform/embed)',
  html(page) {
    const slot =
      '<div data-tf-widget="bench0demo" data-tf-opacity="100" data-tf-medium="snippet" style="width:100%;height:500px;"></div>';
    return replaceWidget(page, slot, '<script src="//embed.typeform.com/next/embed.js"></script>');
  },
  get files() {
    const build = typeformBuild();
    return {
      'embed.typeform.com/next/embed.js': join(build, 'embed.js'),
      'embed.typeform.com/next/css/widget.css': join(build, 'css/widget.css'),
    };
  },
};

export const EMBED_PEERS: EmbedVariant[] = [calcom, typeform];
