/**
 * Serves the renderer from `app://keywarden/` instead of file://, so the page has a real origin,
 * a strict Content-Security-Policy on every response, and no access to the rest of the disk.
 */
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { CONTENT_SECURITY_POLICY, readRendererAsset } from '../renderer-host/renderer-assets.ts';

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const asset = await readRendererAsset(rendererDir, url.pathname);
    if (!asset) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(asset.body), {
      headers: {
        'content-type': asset.contentType,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
