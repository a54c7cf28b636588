/** The designed loading, empty and error states every view shows. */
import type { ComponentChildren } from 'preact';

export interface StatusMessageProps {
  readonly kind: 'loading' | 'empty' | 'error';
  readonly title: string;
  readonly children?: ComponentChildren;
}

export function StatusMessage({ kind, title, children }: StatusMessageProps) {
  return (
    <div
      class={`status status-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      aria-live="polite"
      aria-busy={kind === 'loading'}
    >
      {kind === 'loading' && <span class="spinner" aria-hidden="true" />}
      <div>
        <p class="status-title">{title}</p>
        {children !== undefined && <div class="status-body">{children}</div>}
      </div>
    </div>
  );
}

/** The error state of an API call. */
export function ErrorMessage({ error }: { readonly error: Error }) {
  return (
    <StatusMessage kind="error" title="The collector answered with an error">
      <p>{error.message}</p>
    </StatusMessage>
  );
}
