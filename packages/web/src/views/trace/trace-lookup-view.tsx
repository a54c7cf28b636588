/** `/trace` without an id: a form to open one. */
import { useState } from 'preact/hooks';
import { buildTracePath } from '../../state/build-url.js';
import { useUrlQuery } from '../../state/use-url-query.js';
import { usePageTitle } from '../../components/use-page-title.js';

export function TraceLookupView() {
  usePageTitle('Open a trace');
  const { navigate } = useUrlQuery();
  const [id, setId] = useState('');
  return (
    <section class="view" aria-labelledby="lookup-title">
      <h1 id="lookup-title">Open a trace</h1>
      <p class="muted">
        Paste a trace id, or open one from a path's anomalies and exemplars.
      </p>
      <form
        class="lookup-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim() !== '') {
            navigate(buildTracePath(id.trim()));
          }
        }}
      >
        <label>
          <span class="control-label">Trace id</span>
          <input
            type="text"
            size={40}
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Open trace</button>
      </form>
    </section>
  );
}
