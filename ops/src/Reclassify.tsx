/**
 * @module
 * The spam review's action: move a lead to real, spam or test, with an optional note (audited).
 * Used on the Spam review page and the lead page; what each move does to the handoff job is in
 * docs/console.md ("Spam review").
 */
import {
  OPERATOR_CLASSIFICATIONS,
  type LeadClassification,
  type OperatorClassification,
} from '../../shared/api.ts';
import { api, read, withJson } from './api.ts';
import { ActionResult, useAction } from './ui.tsx';

export function Reclassify({
  lead,
  onDone,
}: {
  lead: { id: string; classification: LeadClassification };
  onDone: () => void;
}) {
  const action = useAction();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const to = (event.submitter as HTMLButtonElement | null)?.value as OperatorClassification;
    const note = (new FormData(form).get('note') as string).trim();
    void action.run(
      () =>
        read(
          api.leads[':id'].classification.$post(
            { param: { id: lead.id } },
            withJson({ classification: to, ...(note && { note }) }),
          ),
        ),
      `Marked ${to}.`,
      onDone,
    );
  };
  return (
    <form class="inline" onSubmit={submit} aria-label={`Reclassify lead ${lead.id}`}>
      <label>
        Note <input name="note" maxLength={1000} placeholder="why (optional)" />
      </label>{' '}
      {OPERATOR_CLASSIFICATIONS.filter((c) => c !== lead.classification).map((c) => (
        <button key={c} type="submit" name="classification" value={c} disabled={action.busy}>
          Mark {c}
        </button>
      ))}
      <ActionResult action={action} />
    </form>
  );
}
