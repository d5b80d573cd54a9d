/**
 * @module
 * What `preact` is inside the form's second file (widget.rest.js, see widget/vite.config.ts): the
 * first file's own Preact, handed over by `provide` when it loads the second one. One Preact per
 * page, because a component rendered by one copy cannot be updated by another. The bindings are
 * empty until `provide` runs, so modules of the second file use them only inside functions
 * (render helpers, never `class … extends Component` at their top level).
 */
import type { Fragment as PreactFragment, h as preactH } from 'preact';

export let h: typeof preactH;
export let Fragment: typeof PreactFragment;

export function provide(preact: { h: typeof preactH; Fragment: typeof PreactFragment }): void {
  ({ h, Fragment } = preact);
}
