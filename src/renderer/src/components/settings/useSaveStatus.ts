/**
 * What a settings section says after a change is saved on the spot: "Saved." (or a sentence of
 * its own), or the core's error, read out politely by the section's status line.
 */
import { useState } from 'react';

export type SaveStatus = { tone: 'success' | 'error'; message: string } | null;

export function useSaveStatus() {
  const [status, setStatus] = useState<SaveStatus>(null);
  const [saving, setSaving] = useState(false);
  /** Runs a save that resolves to an error sentence or null; says `saved` when it worked. */
  const save = async (run: () => Promise<string | null>, saved = 'Saved.'): Promise<boolean> => {
    setSaving(true);
    setStatus(null);
    const failure = await run();
    setSaving(false);
    setStatus(failure ? { tone: 'error', message: failure } : { tone: 'success', message: saved });
    return failure === null;
  };
  return { status, saving, save, setStatus };
}
