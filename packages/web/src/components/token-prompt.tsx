/**
 * Asks for the collector's bearer token after an API call answered 401: a
 * labelled password field, kept for this tab only, with the refusal of a
 * wrong token announced as an alert.
 */
import { useState } from 'preact/hooks';

export const TOKEN_PROMPT_TITLE = 'This pathprof requires a token';
export const TOKEN_REJECTED =
  'The collector refused that token. Check it and try again.';

export function TokenPrompt(props: {
  readonly rejected: boolean;
  readonly onSubmit: (token: string) => void;
}) {
  const [value, setValue] = useState('');
  return (
    <section class="view token-prompt" aria-labelledby="token-title">
      <h1 id="token-title">{TOKEN_PROMPT_TITLE}</h1>
      <p>
        The collector was started with <code>--token</code>. Enter the same
        token to see its data. It is kept in this browser tab only, until you
        close it or choose “Forget token”.
      </p>
      {props.rejected && (
        <p class="token-error" role="alert">
          {TOKEN_REJECTED}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const token = value.trim();
          if (token !== '') {
            props.onSubmit(token);
          }
        }}
      >
        <label>
          <span class="control-label">Token</span>
          <input
            type="password"
            name="token"
            autoComplete="off"
            spellcheck={false}
            required
            autoFocus
            value={value}
            aria-invalid={props.rejected ? 'true' : undefined}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Use token</button>
      </form>
    </section>
  );
}
