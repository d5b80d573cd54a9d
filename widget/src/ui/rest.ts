/**
 * @module
 * Entry of the form's second file, widget.rest.<locale>.<hash>.js (widget/vite.config.ts): what
 * the form needs after its first step, with the strings of one language. The first file imports
 * it once the form has rendered and calls `load` with its own Preact.
 */
import { restEn, restEs } from '../i18n-rest.ts';
import { provide } from './late-preact.ts';
import { buildSubmission, newSubmissionId } from '../submission.ts';
import { fieldOfIssue, stepOf, validateStep } from '../validate.ts';
import { stepBody } from './Steps.tsx';
import { freshWhen } from './when.ts';

export default function load(preact: Parameters<typeof provide>[0]) {
  provide(preact);
  return {
    // A build-time constant: the other language's strings are not in this file.
    messages: __PTJ_LOCALE__ === 'es' ? restEs : restEn,
    stepBody,
    freshWhen,
    validateStep,
    buildSubmission,
    newSubmissionId,
    fieldOfIssue,
    stepOf,
  };
}

export type Rest = ReturnType<typeof load>;
