/**
 * The email an owner gets about a key: a month before it expires, and when it has expired. It names
 * the key, its label (the first 12 characters, which identify it and authenticate nothing), the
 * workspace and the date. The service never holds a key's secret, only its hash, so none can slip in.
 */
import { DAY_MS, DELETE_AFTER_EXPIRY_DAYS, SCOPE_LABELS } from '../../shared/api/index.ts';
import { formatReminderDate } from '../../shared/reminders.ts';
import type { ApiKeyRecord, EmailNotice } from '../storage/repositories.ts';

export interface OwnerMailMessage {
  subject: string;
  text: string;
}

export function ownerMailMessage(
  notice: EmailNotice,
  key: ApiKeyRecord,
  context: { workspaceName: string },
): OwnerMailMessage {
  const date = formatReminderDate(key.expiresAt, 'UTC');
  const exact = `${key.expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
  const what = `API key "${key.name}" (${key.prefix})`;
  const facts = [
    `Key:         ${key.name}`,
    `Label:       ${key.prefix} (the first 12 characters; the key itself is never sent)`,
    `Workspace:   ${context.workspaceName}`,
    `Scope:       ${SCOPE_LABELS[key.scope]}, ${key.environment}`,
    `Created:     ${formatReminderDate(key.createdAt, 'UTC')}`,
    `${notice === 'expired' ? 'Expired' : 'Expires'}:     ${date}, ${exact}`,
  ];
  if (notice === 'expiring') {
    return {
      subject: `Keywarden: ${what} expires on ${date}`,
      text: [
        `The ${what} in the workspace ${context.workspaceName} expires on ${date} (${exact}).`,
        'After that, every request made with it is refused.',
        '',
        ...facts,
        '',
        'Rotate it before then: in the Keywarden app, or with POST /v1/api-keys/{id}/rotate, which',
        'gives a new key and keeps the old one working for an overlap of up to a week while you',
        'update the systems that use it.',
        '',
        footer(),
      ].join('\n'),
    };
  }
  return {
    subject: `Keywarden: ${what} expired on ${date}`,
    text: [
      `The ${what} in the workspace ${context.workspaceName} expired on ${date} (${exact}).`,
      'Requests made with it are now refused.',
      '',
      ...facts,
      '',
      'Create a new key to replace it and update the systems that used it. The expired key is',
      `deleted on ${formatReminderDate(new Date(Date.parse(key.expiresAt) + DELETE_AFTER_EXPIRY_DAYS * DAY_MS), 'UTC')}; its audit trail stays.`,
      '',
      footer(),
    ].join('\n'),
  };
}

function footer(): string {
  return 'You get this email because your owner admin token for this workspace carries your address.';
}
