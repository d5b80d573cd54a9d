/**
 * @module
 * Conversion files for the ad platforms (docs/proof.md#conversion-files): the tenant's conversion
 * action names per stage and currency (they must equal the actions in the ad accounts), and the
 * Google Ads, enhanced-conversions and Microsoft Advertising CSVs for a stage and period, fetched
 * with the operator's token, with what each file leaves out and why.
 */
import { CONVERSION_STAGES, type ConversionSettingsBody } from '../../../shared/outcomes.ts';
import type { InferResponseType } from 'hono/client';
import { api, downloadCsv, read, withJson, withQuery } from '../api.ts';
import { useResource } from '../resource.ts';
import { navigate } from '../router.ts';
import { ActionResult, Load, localDay, useAction } from '../ui.tsx';

const conversions = api.reports.conversions;
const fileOf = conversions[':file'].$get;
/** `/:file` answers JSON without `.csv` and the file with it: the summary is the JSON variant. */
type FileSummary = Exclude<InferResponseType<typeof fileOf>, string>;

const FILES = [
  ['google-ads', 'Google Ads click conversions'],
  ['google-ads-enhanced', 'Google Ads enhanced conversions (hashed email and phone)'],
  ['microsoft-ads', 'Microsoft Advertising offline conversions'],
] as const;

function SettingsForm({ tenant }: { tenant: string }) {
  const settings = useResource(
    () => read(conversions.settings.$get({ query: { tenant } })),
    [tenant],
  );
  const save = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body: ConversionSettingsBody = {
      names: Object.fromEntries(CONVERSION_STAGES.map((s) => [s, data.get(s) as string])),
      currency: (data.get('currency') as string).toUpperCase(),
    };
    void save.run(
      () => read(conversions.settings.$put({ query: { tenant } }, withJson(body))),
      'Conversion names saved.',
      settings.reload,
    );
  };
  return (
    <Load resource={settings} what="the conversion names">
      {(s) => (
        <form onSubmit={submit} aria-label="Conversion names" class="stack">
          {CONVERSION_STAGES.map((stage) => (
            <label key={stage}>
              Conversion name for {stage}
              <input name={stage} required maxLength={100} defaultValue={s.names[stage]} />
            </label>
          ))}
          <label>
            Currency (ISO 4217)
            <input name="currency" required pattern="[A-Za-z]{3}" defaultValue={s.currency} />
          </label>
          <button type="submit" disabled={save.busy}>
            Save names
          </button>
          <ActionResult action={save} />
        </form>
      )}
    </Load>
  );
}

function Downloads({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const params = {
    tenant,
    stage: query.get('stage') ?? 'invoiced',
    from: query.get('from') ?? localDay(-29),
    to: query.get('to') ?? localDay(0),
  };
  const summary = useResource(
    () =>
      Promise.all(
        FILES.map(
          ([file]) => read(fileOf(withQuery({ param: { file } }, params))) as Promise<FileSummary>,
        ),
      ),
    [JSON.stringify(params)],
  );
  const download = useAction();
  const choose = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const get = (k: string) => data.get(k) as string;
    navigate('/conversions', { stage: get('stage'), from: get('from'), to: get('to') });
  };
  return (
    <>
      <form
        class="filters"
        onSubmit={choose}
        aria-label="Stage and period"
        key={JSON.stringify(params)}
      >
        <label>
          Stage
          <select name="stage">
            {CONVERSION_STAGES.map((s) => (
              <option key={s} value={s} selected={s === params.stage}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Leads from
          <input type="date" name="from" required defaultValue={params.from} />
        </label>
        <label>
          To
          <input type="date" name="to" required defaultValue={params.to} />
        </label>
        <button type="submit">Show</button>
      </form>
      <Load resource={summary} what="the conversion files">
        {(files) => (
          <table>
            <caption>
              Files for {params.stage}, leads from {params.from} to {params.to}
            </caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col">Left out, and why</th>
                <th scope="col">Download</th>
              </tr>
            </thead>
            <tbody>
              {FILES.map(([file, label], i) => {
                const f = files[i]!;
                const left = Object.entries(f.excluded).filter(([, n]) => n > 0);
                const reasons: Record<string, string> = f.excludedReasons;
                return (
                  <tr key={file}>
                    <th scope="row">{label}</th>
                    <td class="num">{f.rows.length}</td>
                    <td>
                      {left.length === 0
                        ? 'nothing'
                        : left.map(([r, n]) => `${reasons[r] ?? r}: ${n}`).join('; ')}
                      {f.listedSeparately.length > 0 &&
                        `; ${f.listedSeparately.length} gbraid/wbraid clicks listed separately (not importable by file)`}
                    </td>
                    <td>
                      <button
                        type="button"
                        disabled={download.busy}
                        onClick={() =>
                          void download.run(
                            () =>
                              downloadCsv(
                                fileOf(withQuery({ param: { file: `${file}.csv` } }, params)),
                                `${file}.csv`,
                              ),
                            'File downloaded.',
                          )
                        }
                      >
                        {file}.csv
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Load>
      <ActionResult action={download} />
    </>
  );
}

export function ConversionsPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  return (
    <section>
      <h1 tabIndex={-1}>Conversion files</h1>
      <p class="small">
        Upload these by hand in Google Ads (Goals → Conversions → Uploads) and Microsoft Advertising
        (Conversions → Offline conversions). A lead is in a file when it reached the stage; the
        value is the posted invoice total for <em>invoiced</em>. Spam, test and unconfirmed probable
        matches are never in a file.
      </p>
      <h2>Download</h2>
      <Downloads tenant={tenant} query={query} />
      <h2>Conversion names</h2>
      <p class="small">Each name must equal a conversion action in the tenant's ad accounts.</p>
      <SettingsForm tenant={tenant} />
    </section>
  );
}
