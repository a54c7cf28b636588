/** Sets the document's title for the view: `Paths · pathprof`. */
import { useEffect } from 'preact/hooks';

export const APP_TITLE = 'pathprof';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title === '' ? APP_TITLE : `${title} · ${APP_TITLE}`;
  }, [title]);
}
