import { expect, it } from 'vitest';
import { call } from '../../helpers/api.ts';

it('answers /healthz', async () => {
  const res = await call('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});
