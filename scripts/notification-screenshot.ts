/**
 * `node scripts/notification-screenshot.ts [--out DIR]` (Linux): docs/screenshots/notification.png,
 * a real rendering of the reminder the core fires 30 days before a key expires. The browser harness
 * only records notifications, so this takes the recorded title and body (a key name, a workspace
 * and a date; never a secret) and shows them with notify-send to dunst, a freedesktop notification
 * daemon, on a throwaway X server (Xvfb) in a private D-Bus session, then captures and crops the
 * screen with ImageMagick. Without those tools it prints one skip line and exits 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { z } from 'zod';
import { chromiumLaunchOptions } from '../test/e2e/chromium.ts';
import { HarnessProcess } from '../test/e2e/harness.ts';
import { ensureKeyring, onPath } from './keyring-session.mjs';

const TOOLS = ['Xvfb', 'dbus-run-session', 'dunst', 'notify-send', 'import', 'convert'];
const KEY_NAME = 'Billing API';
const RecordedNotification = z.object({ title: z.string().min(1), body: z.string() });

// Dunst's defaults, stated so the picture does not depend on the machine's own dunstrc.
const DUNSTRC = `[global]
    width = 420
    origin = top-right
    offset = 24x24
    padding = 12
    horizontal_padding = 14
    frame_width = 2
    frame_color = "#89b4fa"
    font = DejaVu Sans 11
    format = "<b>%s</b>\\n%b"
    word_wrap = yes
    icon_position = off
[urgency_normal]
    background = "#1e1e2e"
    foreground = "#e6e6f0"
    timeout = 0
`;

const root = resolve(import.meta.dirname, '..');
const missing = process.platform === 'linux' ? TOOLS.filter((tool) => !onPath(tool)) : TOOLS;
if (missing.length > 0) {
  console.log(
    `Skipping notification.png: it needs Linux with xvfb, dbus, dunst, libnotify-bin and imagemagick (missing: ${missing.join(', ')}).`,
  );
  process.exit(0);
}
ensureKeyring({
  script: import.meta.filename,
  args: process.argv.slice(2),
  command: 'node scripts/notification-screenshot.ts',
  activity: 'the notification screenshot',
});
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs/screenshots') } } });
const outFile = join(resolve(values.out), 'notification.png');
mkdirSync(resolve(values.out), { recursive: true });

const notification = await recordedReminder();
console.log(`The core's reminder: "${notification.title}" / "${notification.body}"`);
renderWithDunst(notification, outFile);
console.log(`Wrote ${outFile}.`);

/** Creates a key in the harness's local workspace, moves the clock 335 days, returns what fired. */
async function recordedReminder(): Promise<z.infer<typeof RecordedNotification>> {
  const harness = await HarnessProcess.start();
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(harness.url);
    const created = await page.evaluate(async (name) => {
      const workspaces = await window.keywarden.workspaces.list();
      const local = workspaces.ok ? workspaces.value.find((workspace) => workspace.kind === 'local') : undefined;
      if (!local) return 'no local workspace';
      const result = await window.keywarden.keys.create({ workspaceId: local.id, request: { name, scope: 'scim' } });
      return result.ok ? 'ok' : result.message;
    }, KEY_NAME);
    if (created !== 'ok') throw new Error(`Creating the key failed: ${created}`);
    await harness.advanceDays(335);
    for (let tries = 0; tries < 50; tries += 1) {
      const fired = await harness.events('notification');
      if (fired.length > 0) return RecordedNotification.parse(fired.at(-1)?.data);
      await new Promise((wait) => setTimeout(wait, 200));
    }
    throw new Error('No notification was recorded within 10 s of moving the clock 335 days.');
  } finally {
    await browser.close();
    await harness.stop();
  }
}

/** Shows the notification with dunst on a private X server and bus, and crops it from the screen. */
function renderWithDunst(shown: z.infer<typeof RecordedNotification>, file: string): void {
  const work = mkdtempSync(join(tmpdir(), 'keywarden-notification-'));
  const display = `:${90 + Math.floor(Math.random() * 100)}`;
  const xvfb: ChildProcess = spawn('Xvfb', [display, '-screen', '0', '1280x400x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  try {
    writeFileSync(join(work, 'dunstrc'), DUNSTRC);
    const screen = join(work, 'screen.png');
    // The title and body go as arguments ($1, $2), never through the shell's parser.
    const inner = [
      'dunst -config "$3" >/dev/null 2>&1 &',
      'sleep 1',
      'notify-send -a Keywarden -t 0 "$1" "$2"',
      'sleep 1',
      'import -window root "$4"',
      'kill $!',
    ].join('\n');
    waitForDisplay(display);
    const run = spawnSync(
      'dbus-run-session',
      ['--', 'sh', '-c', inner, 'sh', shown.title, shown.body, join(work, 'dunstrc'), screen],
      { stdio: 'inherit', env: { ...process.env, DISPLAY: display } },
    );
    if (run.status !== 0) throw new Error(`Showing the notification failed (exit ${run.status}).`);
    // The root window is black; -trim keeps the notification, -border gives it room to breathe.
    const crop = spawnSync('convert', [screen, '-trim', '+repage', '-bordercolor', 'black', '-border', '12', file], {
      stdio: 'inherit',
    });
    if (crop.status !== 0) throw new Error(`Cropping the screen failed (exit ${crop.status}).`);
  } finally {
    xvfb.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

function waitForDisplay(display: string): void {
  for (let tries = 0; tries < 50; tries += 1) {
    if (spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' }).status === 0) return;
    spawnSync('sleep', ['0.1']);
  }
}
