/** A settings section's status line: always in the page, so a screen reader hears each change. */
import type { SaveStatus } from './useSaveStatus.ts';

export function SaveStatusLine({ status }: { status: SaveStatus }) {
  return (
    <p className={`settings__status${status ? ` settings__status--${status.tone}` : ''}`} role="status">
      {status?.message}
    </p>
  );
}
