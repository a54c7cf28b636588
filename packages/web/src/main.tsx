import { render } from 'preact';
import { createApiClient } from './api/api-client.js';
import { loadUiConfig } from './api/load-ui-config.js';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  void loadUiConfig().then((config) => {
    render(<App client={createApiClient(config.apiBase)} />, root);
  });
}
