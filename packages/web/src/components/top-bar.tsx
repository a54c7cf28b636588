/**
 * The top bar: view tabs (links that keep the window and service), the
 * window picker and service filter for the views that use them, a
 * trace-id box that opens `/trace/{id}`, and "Forget token" while a token is
 * kept.
 */
import { useState } from 'preact/hooks';
import { useAuth } from '../auth/use-auth.js';
import { buildTracePath, buildUrl } from '../state/build-url.js';
import { useUrlQuery } from '../state/use-url-query.js';
import { useWindowState } from '../state/use-window-state.js';
import { ServiceFilter } from './service-filter.js';
import { WindowPicker } from './window-picker.js';
import { LIVE_INTERVAL_MS } from '../state/window-state.js';

const TABS = [
  { href: '/paths', label: 'Paths', match: ['/', '/paths', '/path/'] },
  { href: '/search', label: 'Search', match: ['/search'] },
  { href: '/graph', label: 'Service graph', match: ['/graph'] },
  { href: '/compare', label: 'Compare', match: ['/compare'] },
  { href: '/trace', label: 'Trace', match: ['/trace', '/trace-diff'] },
] as const;

/** Views that carry the shared window and service in their links. */
const WINDOWED = new Set(['/paths', '/graph']);

function isActive(path: string, match: readonly string[]): boolean {
  return match.some((m) =>
    m.endsWith('/') && m !== '/'
      ? path.startsWith(m)
      : path === m || path.startsWith(`${m}/`),
  );
}

export function TopBar() {
  const { path, navigate } = useUrlQuery();
  const { state, params, setState } = useWindowState();
  const [traceId, setTraceId] = useState('');
  const auth = useAuth();
  const showsWindow =
    !path.startsWith('/trace') && path !== '/compare' && path !== '/search';
  return (
    <header class="top-bar">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <a class="brand" href={buildUrl('/paths', params)}>
        pathprof
      </a>
      <nav aria-label="Views">
        <ul class="tabs">
          {TABS.map((tab) => (
            <li key={tab.href}>
              <a
                href={
                  WINDOWED.has(tab.href) ? buildUrl(tab.href, params) : tab.href
                }
                aria-current={isActive(path, tab.match) ? 'page' : undefined}
              >
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="top-controls">
        {showsWindow && (
          <>
            <WindowPicker
              window={state.window}
              onChange={(window) => setState({ ...state, window })}
            />
            <label
              class="live-toggle"
              title={
                state.window.kind === 'absolute'
                  ? 'A fixed range does not move: choose a “Last …” window to go live'
                  : `Refresh every ${LIVE_INTERVAL_MS / 1000} s`
              }
            >
              <input
                type="checkbox"
                checked={state.live === true}
                disabled={state.window.kind === 'absolute'}
                onChange={(e) =>
                  setState({ ...state, live: e.currentTarget.checked })
                }
              />
              <span>Live</span>
            </label>
            <ServiceFilter
              service={state.service}
              onChange={(service) => setState({ ...state, service })}
            />
          </>
        )}
        <form
          class="trace-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            const id = traceId.trim();
            if (id !== '') {
              navigate(buildTracePath(id));
            }
          }}
        >
          <label>
            <span class="control-label">Trace id</span>
            <input
              type="search"
              placeholder="open a trace by id"
              value={traceId}
              onInput={(e) => setTraceId(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Open</button>
        </form>
        {auth.snapshot.hasToken && (
          <button
            type="button"
            class="forget-token"
            title="Remove the collector's token from this browser tab"
            onClick={auth.state.forgetToken}
          >
            Forget token
          </button>
        )}
      </div>
    </header>
  );
}
