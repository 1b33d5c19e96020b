/**
 * Saving a file where the user chooses, through the OS save dialog (attached to the window when
 * there is one), starting in the Downloads folder.
 */
import { join } from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { writeTextFile } from '../core/files/write-text-file.ts';
import type { SaveFilePort } from '../core/ports.ts';

export function createSaveFile(getWindow: () => BrowserWindow | null): SaveFilePort {
  return {
    async save({ title, suggestedName, fileType, chunks }) {
      const options: SaveDialogOptions = {
        title,
        defaultPath: join(app.getPath('downloads'), suggestedName),
        filters: [fileType],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = getWindow();
      const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return null;
      await writeTextFile(chosen.filePath, chunks());
      return { path: chosen.filePath };
    },
  };
}
