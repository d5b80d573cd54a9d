/** The hash in the names of this build's second files, `widget.rest.<locale>.<hash>.json`. */
declare const __PTJ_REST__: string;
