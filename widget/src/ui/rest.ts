/**
 * @module
 * Entry of the form's second file, widget.rest.<locale>.<hash>.js (widget/vite.config.ts): the
 * rules of the later steps (the day list, validation, the submission) and their strings in one
 * language. Plain functions and data, no Preact: the first file renders with them once it has
 * imported this, which it does after the form's first render.
 */
import { restEn, restEs } from '../i18n-rest.ts';
import { windowsFor } from '../schedule.ts';
import { buildSubmission, consentText, newSubmissionId } from '../submission.ts';
import { fieldOfIssue, stepOf, validateStep } from '../validate.ts';
import { dateLabel } from './format.ts';
import { freshWhen } from './when.ts';

export default {
  // A build-time constant: the other language's strings are not in this file.
  messages: __PTJ_LOCALE__ === 'es' ? restEs : restEn,
  freshWhen,
  windowsFor,
  dateLabel,
  consentText,
  validateStep,
  buildSubmission,
  newSubmissionId,
  fieldOfIssue,
  stepOf,
};

export type Rest = typeof import('./rest.ts').default;
