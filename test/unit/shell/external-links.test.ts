/**
 * What the window hands to the system browser. Whatever passes here is run by the OS's URL
 * handler, outside the sandbox, so only https links to listed hosts may pass.
 */
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_HOSTS, isAllowedExternalLink } from '../../../src/main/external-links.ts';

const HOSTS = ['docs.keywarden.test'];

describe('isAllowedExternalLink', () => {
  it('opens an https link to a listed host', () => {
    expect(isAllowedExternalLink('https://docs.keywarden.test/rotation', HOSTS)).toBe(true);
    expect(isAllowedExternalLink('https://DOCS.keywarden.test/a?b=c#d', HOSTS)).toBe(true);
    expect(isAllowedExternalLink('https://docs.keywarden.test:443/', HOSTS)).toBe(true); // the default port
  });

  it.each([
    ['plain http', 'http://docs.keywarden.test/'],
    ['another host', 'https://evil.test/'],
    ['a look-alike suffix', 'https://docs.keywarden.test.evil.test/'],
    ['a subdomain of a listed host', 'https://x.docs.keywarden.test/'],
    ['a parent of a listed host', 'https://keywarden.test/'],
    ['user info hiding the real host', 'https://docs.keywarden.test@evil.test/'],
    ['user info in front of the listed host', 'https://user:pass@docs.keywarden.test/'],
    ['a non-default port', 'https://docs.keywarden.test:8443/'],
    ['file:', 'file:///etc/passwd'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['javascript:', 'javascript:alert(1)'],
    ['smb:', 'smb://docs.keywarden.test/share'],
    ['the app itself', 'app://keywarden/index.html'],
    ['not a URL', 'docs.keywarden.test'],
    ['an overlong link', `https://docs.keywarden.test/${'a'.repeat(3000)}`],
  ])('refuses %s: %s', (_case, link) => {
    expect(isAllowedExternalLink(link, HOSTS)).toBe(false);
  });

  it('the app list holds only bare host names, and refuses what is not on it', () => {
    for (const host of EXTERNAL_LINK_HOSTS) expect(host).toMatch(/^[a-z0-9.-]+$/);
    expect(isAllowedExternalLink('https://example.com/')).toBe(false);
  });
});
