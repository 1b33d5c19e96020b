/**
 * A destination whose CLI is signed out, through the rotation wizard: the destination's test and
 * its push both say to run `gh auth login`; Copy command puts the command line on the clipboard,
 * never the secret; Copy secret puts the secret there, cleared 30 s later; once signed in, Retry
 * pushes on stdin only. A stand-in gh first on the harness's PATH answers as the real one does
 * (exit 4, its own words), so no real GitHub account is ever touched.
 */
import { expect, test } from '@playwright/test';
import { CLI_CASES } from '../integration/core/secret-managers/stand-in-clis.ts';
import { StandIns } from '../integration/core/secret-managers/stand-ins.ts';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, keyRow, openApp, uniqueName } from './fixtures.ts';
import { destinations, detailsPanel, stepTitle, targetDialog, wizard } from './rotation-fixtures.ts';

let harness: HarnessProcess;
let standIns: StandIns;
const gh = CLI_CASES.find((cliCase) => cliCase.program === 'gh')!;

test.beforeAll(async () => {
  standIns = new StandIns();
  standIns.install('gh', gh.scenarios);
  standIns.scenario('gh', 'signed_out');
  // The harness runs the programs found on its own PATH: the stand-in first.
  const path = process.env.PATH;
  process.env.PATH = `${standIns.bin}:${path}`;
  try {
    harness = await HarnessProcess.start();
  } finally {
    process.env.PATH = path;
  }
});
test.afterAll(async () => {
  await harness.stop();
  standIns.remove();
});

const clipboardWrites = async () =>
  (await harness.events('clipboard')).filter((event) => event.data.action === 'write').map((event) => event.data);

test('a signed-out CLI: its sentence, the command copied without the secret, the secret copied and cleared, then a retry', async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Payments API');
  await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  await confirmStored(page);
  await keyRow(page, name).click();

  await destinations(page).getByRole('button', { name: 'Add destination…' }).click();
  const form = targetDialog(page);
  await form.getByLabel('Kind').selectOption({ label: 'GitHub Actions' });
  await form.getByLabel('Label (optional)').fill('GitHub production');
  await form.getByLabel('Secret name').fill('PAYMENTS_API_KEY');
  await form.getByLabel('Secret of').selectOption({ label: 'Environment of a repository' });
  await form.getByLabel('Repository').fill('acme/payments');
  await form.getByLabel('Environment', { exact: true }).fill('production');
  await form.getByRole('button', { name: 'Test sign-in' }).click();
  await expect(form.getByRole('status')).toContainText('GitHub CLI is not signed in: run `gh auth login`');
  await form.getByRole('button', { name: 'Add destination' }).click();
  await expect(destinations(page)).toContainText('PAYMENTS_API_KEY in acme/payments (production)');

  await detailsPanel(page).getByRole('button', { name: 'Rotate…' }).click();
  const rotate = wizard(page, name);
  await rotate.getByRole('radio', { name: '1 hour' }).check();
  await rotate.getByRole('button', { name: 'Create the new key' }).click();
  await rotate.getByRole('button', { name: 'Push to the destination' }).click();
  const item = rotate.getByRole('listitem').filter({ hasText: 'GitHub production' });
  await expect(item).toContainText('Failed');
  await expect(item).toContainText('Signed out');
  await expect(item).toContainText('run `gh auth login`');

  // The command, then the secret: two separate copies, each cleared like any other.
  await item.getByRole('button', { name: 'Copy command for GitHub production' }).click();
  await expect(item.getByRole('status')).toContainText('Command copied (cleared in 30 s)');
  expect((await clipboardWrites()).at(-1)?.text).toBe(
    'gh secret set PAYMENTS_API_KEY --repo=acme/payments --env=production',
  );
  await item.getByRole('button', { name: 'Copy secret for GitHub production' }).click();
  await expect.poll(async () => (await clipboardWrites()).length).toBe(2);
  const copied = (await clipboardWrites()).at(-1)!;
  expect(copied).toMatchObject({ concealed: true });
  await harness.advanceSeconds(31);
  await expect
    .poll(async () => (await harness.events('clipboard')).at(-1)?.data)
    .toEqual({ action: 'clear', text: '' });

  // Signed in now: Retry pushes that one destination, the secret on gh's stdin only.
  standIns.scenario('gh', 'success');
  await item.getByRole('button', { name: 'Retry GitHub production' }).click();
  await expect(stepTitle(page, name)).toHaveText('Step 3 of 4: Verify');
  const pushes = standIns.invocations('gh').filter((call) => call.argv[0] === 'secret');
  expect(pushes).toHaveLength(2);
  for (const push of pushes) {
    expect(push.argv).toEqual(expect.arrayContaining(gh.pushArgs));
    expect(push.stdin).toBe(copied.text);
    expect(push.argv.join(' ')).not.toContain(copied.text);
    expect(JSON.stringify(push.env)).not.toContain(copied.text);
  }
  // Nothing the harness recorded holds the secret, but the one copy the admin asked for.
  const events = await harness.events();
  const others = events.filter((event) => !(event.kind === 'clipboard' && event.data.text === copied.text));
  expect(events.length - others.length).toBe(1);
  expect(JSON.stringify(others)).not.toContain(String(copied.text));
});
