/**
 * @module
 * What a branding value may contain. Branding values end up in the widget's stylesheet. Without
 * `;`, `{`, `}`, `:`, `\`, `<` or `/` a value can neither end its declaration nor load anything
 * (`url(` needs a colon or slash), so colors, lengths and font lists pass and nothing else can be
 * smuggled in. The widget skips a value that fails this; settings validation refuses it.
 */
export const SAFE_BRANDING_VALUE = /^[\w\s#%(),.'"-]{1,200}$/;
