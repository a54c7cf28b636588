/**
 * The app shell: top bar, and one route per view. Views load on demand, so
 * ECharts and cytoscape download only with the views that draw them. The
 * collector serves index.html for these routes (collector src/web). When the
 * collector wants a token, the token prompt takes the views' place; a new or
 * forgotten token remounts everything, so every view fetches again.
 */
import { Fragment } from 'preact';
import {
  ErrorBoundary,
  lazy,
  LocationProvider,
  Route,
  Router,
} from 'preact-iso';
import type { ApiClient } from './api/api-client.js';
import { ApiContext } from './api/api-context.js';
import type { AuthState } from './auth/auth-state.js';
import { AuthContext, useAuth } from './auth/use-auth.js';
import { TokenPrompt } from './components/token-prompt.js';
import { TopBar } from './components/top-bar.js';
import { StatusMessage } from './components/status-message.js';
import { usePageTitle } from './components/use-page-title.js';
import { PathsView } from './views/paths/paths-view.js';

const PathDetailView = lazy(() =>
  import('./views/path-detail/path-detail-view.js').then(
    (m) => m.PathDetailView,
  ),
);
const TraceView = lazy(() =>
  import('./views/trace/trace-view.js').then((m) => m.TraceView),
);
const TraceLookupView = lazy(() =>
  import('./views/trace/trace-lookup-view.js').then((m) => m.TraceLookupView),
);
const SearchView = lazy(() =>
  import('./views/search/search-view.js').then((m) => m.SearchView),
);
const TraceDiffView = lazy(() =>
  import('./views/trace-diff/trace-diff-view.js').then((m) => m.TraceDiffView),
);
const GraphView = lazy(() =>
  import('./views/graph/graph-view.js').then((m) => m.GraphView),
);
const CompareView = lazy(() =>
  import('./views/compare/compare-view.js').then((m) => m.CompareView),
);

function NotFound() {
  usePageTitle('No such page');
  return (
    <section class="view" aria-labelledby="not-found-title">
      <h1 id="not-found-title">No such page</h1>
      <StatusMessage kind="empty" title="This address is not a pathprof view">
        Use the tabs above — Paths, Search, Service graph, Compare — or open a
        trace by id.
      </StatusMessage>
    </section>
  );
}

export function App({ client, auth }: { client: ApiClient; auth: AuthState }) {
  return (
    <ApiContext.Provider value={client}>
      <AuthContext.Provider value={auth}>
        <LocationProvider>
          <Shell />
        </LocationProvider>
      </AuthContext.Provider>
    </ApiContext.Provider>
  );
}

function Shell() {
  const { state, snapshot } = useAuth();
  const prompting = snapshot.status !== 'unknown';
  return (
    <Fragment key={snapshot.generation}>
      <TopBar />
      <main id="main" tabIndex={-1}>
        {prompting ? (
          <TokenPrompt
            rejected={snapshot.status === 'rejected'}
            onSubmit={state.setToken}
          />
        ) : (
          <ErrorBoundary>
            <Router>
              <Route path="/" component={PathsView} />
              <Route path="/paths" component={PathsView} />
              <Route path="/path/:key" component={PathDetailView} />
              <Route path="/search" component={SearchView} />
              <Route path="/trace-diff" component={TraceDiffView} />
              <Route path="/trace" component={TraceLookupView} />
              <Route path="/trace/:id" component={TraceView} />
              <Route path="/graph" component={GraphView} />
              <Route path="/compare" component={CompareView} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
    </Fragment>
  );
}
