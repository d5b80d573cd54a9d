/** The form's second file per locale, `widget.rest.<locale>.<hash>.js`: named by scripts/build.ts. */
declare const __PTJ_REST__: Record<'en' | 'es', string>;
/** The locale of this copy of the second file (widget/vite.config.ts). */
declare const __PTJ_LOCALE__: 'en' | 'es';
