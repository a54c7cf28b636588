/**
 * The current URL's query as URLSearchParams, and a way to replace some of
 * its parameters (others kept) with a new history entry: every view keeps
 * all of its state in the URL, so links are shareable.
 */
import { useLocation } from 'preact-iso';
import { buildUrl } from './build-url.js';

export interface UrlQuery {
  readonly path: string;
  readonly query: URLSearchParams;
  /** Sets or (with undefined) removes parameters, keeping the rest. */
  readonly update: (
    changes: Readonly<Record<string, string | undefined>>,
    replace?: boolean,
  ) => void;
  readonly navigate: (url: string) => void;
}

export function useUrlQuery(): UrlQuery {
  const location = useLocation();
  const search = location.url.includes('?')
    ? location.url.slice(location.url.indexOf('?'))
    : '';
  const query = new URLSearchParams(search);
  return {
    path: location.path,
    query,
    update: (changes, replace = false) => {
      const pairs: [string, string | undefined][] = [];
      for (const [key, value] of query) {
        if (!(key in changes)) {
          pairs.push([key, value]);
        }
      }
      for (const [key, value] of Object.entries(changes)) {
        pairs.push([key, value]);
      }
      location.route(buildUrl(location.path, pairs), replace);
    },
    navigate: (url) => location.route(url),
  };
}
