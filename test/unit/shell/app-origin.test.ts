/**
 * Which frames the Electron main process serves over IPC. A refusal here is what the user sees as
 * "This request did not come from the Keywarden window" on every click, so the real window's URL
 * must pass and nothing that merely resembles it may.
 */
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isTrustedFrame } from '../../../src/main/app-origin.ts';

const top = (url: string) => ({ url, isMainWindowTopFrame: true });
const DEV_SERVER = 'http://localhost:5173'; // what electron-vite dev puts in ELECTRON_RENDERER_URL

describe('isTrustedFrame, packaged app', () => {
  it('serves the page the window loads, and the app pages it routes to', () => {
    expect(APP_ENTRY_URL).toBe('app://keywarden/index.html');
    for (const url of ['app://keywarden/index.html', 'app://keywarden/', 'app://keywarden/index.html#/keys?x=1']) {
      expect(isTrustedFrame(top(url), undefined), url).toBe(true);
    }
  });

  it.each([
    'app://keywarden.evil/index.html',
    'app://evil/keywarden',
    'app://evil/app://keywarden/index.html',
    'app://keywarden:8080/index.html',
    'app://user@keywarden/index.html',
    'app://keywarden@evil/index.html',
    'apps://keywarden/index.html',
    'file:///index.html',
    'file://keywarden/index.html',
    'http://keywarden/index.html',
    'https://keywarden/index.html',
    'about:blank',
    'about:srcdoc',
    'data:text/html,<script>parent</script>',
    'blob:app://keywarden/5b2a',
    'null',
    '',
  ])('refuses a top frame at %j', (url) => {
    expect(isTrustedFrame(top(url), undefined)).toBe(false);
  });

  it('refuses a subframe even when it shows our own page', () => {
    expect(isTrustedFrame({ url: APP_ENTRY_URL, isMainWindowTopFrame: false }, undefined)).toBe(false);
  });

  it('refuses a call with no frame (the frame navigated or was destroyed)', () => {
    expect(isTrustedFrame(null, undefined)).toBe(false);
  });

  it('does not trust the dev server when none is configured (a packaged build passes none)', () => {
    expect(isTrustedFrame(top('http://localhost:5173/'), undefined)).toBe(false);
  });
});

describe('isTrustedFrame, development build (npm run dev)', () => {
  it('serves the dev server page the window loads, and still the app:// page', () => {
    expect(isTrustedFrame(top('http://localhost:5173/'), DEV_SERVER)).toBe(true);
    expect(isTrustedFrame(top('http://localhost:5173/index.html#/keys'), DEV_SERVER)).toBe(true);
    expect(isTrustedFrame(top(APP_ENTRY_URL), DEV_SERVER)).toBe(true);
  });

  it.each([
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost.evil:5173/',
    'http://user@localhost:5173/',
    'ws://localhost:5173/',
  ])('refuses %j, which is not the dev server', (url) => {
    expect(isTrustedFrame(top(url), DEV_SERVER)).toBe(false);
  });

  it('refuses a subframe of the dev server page', () => {
    expect(isTrustedFrame({ url: 'http://localhost:5173/', isMainWindowTopFrame: false }, DEV_SERVER)).toBe(false);
  });

  it('trusts no page when the dev server URL is not an http(s) address', () => {
    expect(isTrustedFrame(top('file:///index.html'), 'file:///index.html')).toBe(false);
    expect(isTrustedFrame(top('app://evil/'), 'app://evil')).toBe(false);
    expect(isTrustedFrame(top('http://localhost:5173/'), 'not a url')).toBe(false);
  });
});
