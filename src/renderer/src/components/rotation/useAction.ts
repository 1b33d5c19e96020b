/**
 * One wizard action at a time: while it runs its buttons say so (and a second click does nothing),
 * and the core's refusal stays on screen, next to what it is about, until the next try.
 */
import { useCallback, useState } from 'react';
import type { IpcFailure } from '../../state/bridge.ts';

export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<IpcFailure | null>(null);

  /** Runs `action` under `name` (which button is busy); resolves to the failure, or null. */
  const run = useCallback(
    async (name: string, action: () => Promise<IpcFailure | null>): Promise<IpcFailure | null> => {
      if (busy !== null) return null;
      setBusy(name);
      setFailure(null);
      const result = await action();
      setBusy(null);
      setFailure(result);
      return result;
    },
    [busy],
  );

  return { busy, failure, setFailure, run };
}
