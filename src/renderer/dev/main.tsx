/** Dev only: installs the in-memory fake bridge, then starts the real renderer entry. */
import { installFakeKeywarden } from './fake-keywarden.ts';

installFakeKeywarden(new URLSearchParams(location.search));
await import('../src/main.tsx');
