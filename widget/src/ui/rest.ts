/**
 * @module
 * Entry of the form's second file, widget.rest.<locale>.<hash>.js (widget/vite.config.ts): the
 * strings of the steps after the first, in one language. Only text: splitting code out as well
 * costs more in compression than it saves (docs/decisions/0035-widget-split.md). The first file
 * imports it once the form has rendered.
 */
import { restEn, restEs } from '../i18n-rest.ts';

// A build-time constant: the other language's strings are not in this file.
export default __PTJ_LOCALE__ === 'es' ? restEs : restEn;
