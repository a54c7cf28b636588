import { render } from 'preact';
import { createApiClient } from './api/api-client.js';
import { loadUiConfig } from './api/load-ui-config.js';
import { App } from './app.js';
import { createAuthState } from './auth/auth-state.js';
import { createSessionTokenStorage } from './auth/token-storage.js';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  void loadUiConfig().then((config) => {
    const auth = createAuthState(createSessionTokenStorage());
    const client = createApiClient(config.apiBase, {
      token: auth.token,
      onUnauthorized: auth.reportUnauthorized,
    });
    render(<App client={client} auth={auth} />, root);
  });
}
