/**
 * How the built renderer is served, shared by the Electron app:// protocol and the browser
 * harness so both give the page the same Content-Security-Policy and the same file rules.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface RendererAsset {
  body: Buffer;
  contentType: string;
  isIndex: boolean;
}

/** Reads a file of the built renderer for a URL path; null when it is missing or outside the folder. */
export async function readRendererAsset(rendererDir: string, pathname: string): Promise<RendererAsset | null> {
  const root = normalize(rendererDir);
  const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) return null;
  try {
    return {
      body: await readFile(file),
      contentType: MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      isIndex: file === join(root, 'index.html'),
    };
  } catch {
    return null;
  }
}
