/**
 * @module
 * `npm run build`: the static assets the worker serves (widget bundle, demo pages) into dist/public.
 */
import { mkdirSync } from 'node:fs';

mkdirSync('dist/public', { recursive: true });
