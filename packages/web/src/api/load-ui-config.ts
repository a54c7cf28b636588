/** Reads `/ui-config.json`; without one (e.g. Vite's dev server) the API is at the root. */
import type { UiConfig } from './api-types.js';

export async function loadUiConfig(): Promise<UiConfig> {
  try {
    const response = await fetch('/ui-config.json');
    if (!response.ok) {
      return { apiBase: '' };
    }
    const body = (await response.json()) as Partial<UiConfig>;
    return {
      apiBase: typeof body.apiBase === 'string' ? body.apiBase : '',
    };
  } catch {
    return { apiBase: '' };
  }
}
