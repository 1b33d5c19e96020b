/** The status dot with its word: colour is never the only signal. */
import type { KeyStatus } from '../../../../shared/api/index.ts';
import { STATUS_WORDS } from '../../lib/key-table.ts';

export function StatusBadge({ status }: { status: KeyStatus }) {
  return (
    <span className={`status status--${status}`}>
      <span className="status__dot" aria-hidden="true" />
      {STATUS_WORDS[status]}
    </span>
  );
}
