/** The hash in the names of this build's second files, `widget.rest.<locale>.<hash>.js`. */
declare const __PTJ_REST__: string;
/** The locale of this copy of the second file (widget/vite.config.ts). */
declare const __PTJ_LOCALE__: 'en' | 'es';
