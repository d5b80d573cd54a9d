/**
 * @module
 * Sign-in with an operator token (or the global admin token). The token is checked against
 * `GET /v1/admin/tokens/current` before anything is stored.
 */
import { useState } from 'preact/hooks';
import { api, read, withToken } from '../api.ts';
import { startSession } from '../session.ts';
import { ActionResult, useAction } from '../ui.tsx';

export function SignIn() {
  const [token, setToken] = useState('');
  const action = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = token.trim();
    void action.run(async () => {
      const me = await read(api.tokens.current.$get({}, withToken(trimmed)));
      startSession({ token: trimmed, ...me });
    }, 'Signed in.');
  };
  return (
    <main class="signin">
      <h1>PageToJob operator console</h1>
      <p>
        Sign in with your operator token (it starts with <code>ptj_op_</code>) or, locally, the
        global <code>ADMIN_TOKEN</code> from <code>.dev.vars</code>.
      </p>
      <form onSubmit={submit}>
        <label for="token">Token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ActionResult action={action} />
    </main>
  );
}
