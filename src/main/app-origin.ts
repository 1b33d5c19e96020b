/**
 * Where the app's own page lives, and which frames may therefore call the IPC contract. Pure (no
 * `electron` import) so the rules are unit-tested with the exact URLs the window loads.
 *
 * Scheme and host are compared one by one, never through `URL.origin`: for a scheme that is not
 * one of WHATWG's special ones (http, https, file, ws, wss, ftp), `new URL('app://keywarden/').origin`
 * is the string "null" in Node and in Electron's main process, so an origin comparison would refuse
 * the real window (or, compared with "null", accept every opaque origin).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'keywarden';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the packaged window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The frame an IPC call came from, as far as the check needs to know it. */
export interface SenderFrame {
  url: string;
  /** The top frame of the main window: an iframe, even one of our own pages, is refused. */
  isMainWindowTopFrame: boolean;
}

/**
 * Whether an IPC call may be served. `devServerUrl` is the electron-vite dev server
 * (`http://localhost:5173` under `npm run dev`); pass it only in an unpackaged build, so a packaged
 * app never trusts a page an environment variable points at.
 */
export function isTrustedFrame(frame: SenderFrame | null, devServerUrl: string | undefined): boolean {
  if (!frame?.isMainWindowTopFrame) return false;
  const url = parseUrl(frame.url); // A frame between pages (empty URL) is nobody we know.
  if (!url || url.username !== '' || url.password !== '') return false;
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  const devServer = devServerUrl === undefined ? null : parseUrl(devServerUrl);
  return (
    devServer !== null &&
    (devServer.protocol === 'http:' || devServer.protocol === 'https:') &&
    url.protocol === devServer.protocol &&
    url.host === devServer.host
  );
}

function parseUrl(text: string): URL | null {
  return URL.canParse(text) ? new URL(text) : null;
}
