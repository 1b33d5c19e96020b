import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/main/core/errors.ts';
import { normaliseWorkspaceUrl } from '../../../src/main/core/workspaces/workspace-url.ts';

describe('normaliseWorkspaceUrl', () => {
  it.each([
    ['keys.example.com', 'https://keys.example.com'],
    ['  https://keys.example.com/  ', 'https://keys.example.com'],
    ['https://keys.example.com/v1/', 'https://keys.example.com'],
    ['https://example.com/keywarden/v1', 'https://example.com/keywarden'],
    ['HTTPS://Keys.Example.com:8443?x=1#top', 'https://keys.example.com:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/v1', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('%s → %s', (typed, expected) => {
    expect(normaliseWorkspaceUrl(typed)).toBe(expected);
  });

  it.each([
    ['http://keys.example.com', /https only/],
    ['ftp://keys.example.com', /over https/],
    ['https://user:pass@keys.example.com', /user name and password/],
    ['https://exa mple.com', /not a web address/],
  ])('refuses %s with a sentence', (typed, message) => {
    let thrown: unknown;
    try {
      normaliseWorkspaceUrl(typed);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('invalid_input');
    expect((thrown as AppError).message).toMatch(message);
  });
});
