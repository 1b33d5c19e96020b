/**
 * Exporting the audit log to CSV as a user does (the save dialog answered by a test port that
 * writes where a user would have chosen), read back with a real CSV parser: commas, quotes,
 * newlines and carriage returns survive; cells a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR first) come out as text behind an apostrophe, and so does text that already starts with
 * one, so exactly one comes off again; empty text stays apart from none; the filters choose the rows; and a whole
 * workspace's export can be walked link by link to the service's head, so an edited copy shows.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTextFile } from '../../../src/main/core/files/write-text-file.ts';
import type { SaveFilePort, SaveFileRequest } from '../../../src/main/core/ports.ts';
import { sha256Hex } from '../../../src/server/domain/sha256.ts';
import { AuditHead } from '../../../src/shared/api/index.ts';
import { auditChainInput, verifyAuditChain, type AuditChainLink } from '../../../src/shared/audit-chain.ts';
import { appendAuditEvents } from '../../support/audit-trail.ts';
import { startTestServer, type TestServer } from '../server/helpers.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

/** What a user could have typed or a caller sent: every kind of text a CSV or a spreadsheet trips on. */
const NASTY_NAMES = [
  'Ops, "night shift"',
  'line one\nline two',
  'carriage\r\nreturn',
  '=HYPERLINK("https://evil.example","click")',
  '+33 1 23 45 67 89',
  '-1+2',
  '@SUM(A1:A9)',
  '\tindented',
  '\rstarts with CR',
  'Zoë 👩‍💻',
  "'=already behind an apostrophe",
  "'quoted",
];

const downloads = mkdtempSync(join(tmpdir(), 'keywarden-export-'));
let answer: 'save' | 'cancel' = 'save';
const saveFile: SaveFilePort = {
  async save(request: SaveFileRequest) {
    if (answer === 'cancel') return null;
    const path = join(downloads, `${readdirSync(downloads).length}-${request.suggestedName}`);
    await writeTextFile(path, request.chunks());
    return { path };
  },
};

let service: TestServer;
let app: CoreFixture;
let workspaceId: string;

beforeAll(async () => {
  service = await startTestServer();
  appendAuditEvents(service.dataDir, NASTY_NAMES.length * 5, {
    startMs: Date.parse('2029-11-01T09:00:00.000Z'),
    customise: (event) => {
      const nasty = NASTY_NAMES[event.seq % NASTY_NAMES.length]!;
      return {
        ...event,
        actor: { ...event.actor, name: nasty },
        // Some callers send an empty User-Agent header: the service keeps it as empty text, not none.
        userAgent: event.seq % 4 === 0 ? '' : nasty,
        details: { reason: nasty, nested: { list: [nasty, 1, null] } },
      };
    },
  });
  app = await startCoreFixture({ saveFile });
  workspaceId = (await app.call('workspaces:connect', { url: service.url, token: service.ownerToken })).id;
  await app.call('audit:sync', { workspaceId });
});

afterAll(async () => {
  await app?.close();
  await service?.stop();
  if (app) await cleanUp(app.service, [app.dataDir, downloads]);
});

type Row = Record<string, string | null>;

const VERIFY = join(import.meta.dirname, '../../../scripts/verify-audit-export.ts');

async function verifyScript(file: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [VERIFY, file]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

function readCsv(path: string): { text: string; rows: Row[] } {
  const text = readFileSync(path, 'utf8');
  // Strict RFC 4180: a stray quote or a ragged row fails the parse. An unquoted empty cell is none.
  const rows = parse(text, {
    columns: true,
    record_delimiter: '\r\n',
    relax_quotes: false,
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
  }) as Row[];
  return { text, rows };
}

/** A spreadsheet-safe cell back to what it said: exactly one leading apostrophe comes off. */
const unneutralised = (cell: string | null | undefined) => (cell?.startsWith("'") ? cell.slice(1) : (cell ?? ''));
const orNull = (cell: string | null | undefined) => (cell === null || cell === undefined ? null : unneutralised(cell));

describe('exporting the audit log to CSV', () => {
  it('writes every row so a CSV parser reads back exactly what was kept, formulas neutralised', async () => {
    const result = await app.call('audit:export', { workspaceId });
    const { entries } = await app.call('audit:query', { workspaceId, limit: 500 });
    expect(result).toMatchObject({
      saved: true,
      rows: entries.length,
      path: expect.stringMatching(/keywarden-audit-.*\.csv$/),
    });
    const { text, rows } = readCsv(result.path!);
    expect(text.startsWith('workspace_id,workspace,source,seq,event_id,at,type,actor_type,actor_id,actor_name,')).toBe(
      true,
    );
    expect(rows.map((row) => row.event_id)).toEqual(entries.map((entry) => entry.eventId));
    for (const [index, row] of rows.entries()) {
      const entry = entries[index]!;
      expect(unneutralised(row.actor_name)).toBe(entry.actor.name);
      expect(orNull(row.user_agent)).toBe(entry.userAgent);
      expect(JSON.parse(row.details!)).toEqual(entry.details);
      expect(row.workspace).toBe('Acme');
    }
    // Each formula start is behind an apostrophe, so a spreadsheet shows text instead of running it.
    const names = new Set(rows.map((row) => row.actor_name));
    for (const formula of ['=HYPERLINK("https://evil.example","click")', '+33 1 23 45 67 89', '-1+2', '@SUM(A1:A9)']) {
      expect(names).toContain(`'${formula}`);
      expect(names).not.toContain(formula);
    }
    expect(names).toContain("'\tindented");
    expect(names).toContain("'\rstarts with CR");
    expect(names).toContain('Ops, "night shift"');
    expect(names).toContain('line one\nline two');
    // Text that already starts with an apostrophe gets one more, so taking one off gives it back.
    expect(names).toContain("''=already behind an apostrophe");
    expect(names).toContain("''quoted");
    // An empty user agent is a quoted empty cell; none is an empty one.
    expect(entries.filter((entry) => entry.userAgent === '').length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.user_agent === '')).toHaveLength(
      entries.filter((entry) => entry.userAgent === '').length,
    );
    expect(text).toContain('"Ops, ""night shift"""');
  });

  it("lets anyone walk an export of a workspace's whole trail to the service's head", async () => {
    // What the app did itself is not part of the service's chain: export the service's events.
    const { path } = await app.call('audit:export', { workspaceId, source: 'service' });
    const links: (AuditChainLink & { hash: string })[] = readCsv(path!)
      .rows.map((row) => ({
        seq: Number(row.seq),
        id: row.event_id!,
        type: row.type as AuditChainLink['type'],
        at: row.at!,
        actor: {
          type: row.actor_type as 'admin_token',
          id: orNull(row.actor_id),
          name: unneutralised(row.actor_name),
        },
        keyId: orNull(row.key_id),
        keyPrefix: orNull(row.key_label),
        ip: orNull(row.ip),
        userAgent: orNull(row.user_agent),
        details: JSON.parse(row.details!) as Record<string, unknown>,
        hash: row.hash!,
      }))
      .sort((a, b) => a.seq - b.seq);
    const walk = verifyAuditChain(links, sha256Hex);
    const head = AuditHead.parse(await (await service.call('GET', '/v1/audit/head')).body);
    expect(walk).toMatchObject({ intact: true, head: { seq: head.seq, hash: head.hash } });

    // One character changed in the file breaks the walk at that row.
    const edited = links.map((link) => (link.seq === 5 ? { ...link, details: { reason: 'nothing to see' } } : link));
    expect(verifyAuditChain(edited, sha256Hex)).toMatchObject({ intact: false, broken: { seq: 5, reason: 'altered' } });
    expect(sha256Hex(auditChainInput('0'.repeat(64), links[0]!))).toBe(links[0]!.hash);
  });

  it('is checked by scripts/verify-audit-export.ts, which names the first seq of an edited copy', async () => {
    const { path } = await app.call('audit:export', { workspaceId });
    const head = AuditHead.parse((await service.call('GET', '/v1/audit/head')).body);
    const intact = await verifyScript(path!);
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toContain(`${workspaceId}: seq 1–${head.seq} check out`);
    expect(intact.stdout).toContain(`last hash ${head.hash}`);

    // Someone changes a revocation reason in the exported file, keeping it valid CSV.
    const edited = join(downloads, 'edited.csv');
    const rows = readCsv(path!).text.split('\r\n');
    const index = rows.findIndex((row) => row.includes(',key.revoked,'));
    const seq = Number(rows[index]!.split(',')[3]);
    rows[index] = rows[index]!.replace('""reason""', '""motive""');
    writeFileSync(edited, rows.join('\r\n'));
    const tampered = await verifyScript(edited);
    expect(tampered).toMatchObject({ code: 1 });
    expect(tampered.stdout).toContain(`seq ${seq} was altered`);
  });

  it('exports only the rows the filters select', async () => {
    const filters = { workspaceId, type: 'key.created' as const, text: 'night shift' };
    const { entries } = await app.call('audit:query', { ...filters, limit: 500 });
    expect(entries.length).toBeGreaterThan(0);
    const result = await app.call('audit:export', filters);
    const { rows } = readCsv(result.path!);
    expect(result.rows).toBe(entries.length);
    expect(rows.map((row) => row.event_id)).toEqual(entries.map((entry) => entry.eventId));
    expect(rows.every((row) => row.type === 'key.created' && row.actor_name === 'Ops, "night shift"')).toBe(true);
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    const before = readdirSync(downloads).length;
    answer = 'cancel';
    try {
      expect(await app.call('audit:export', {})).toEqual({ saved: false, rows: 0, path: null });
    } finally {
      answer = 'save';
    }
    expect(readdirSync(downloads)).toHaveLength(before);
    expect(readdirSync(downloads).some((name) => name.endsWith('.part'))).toBe(false);
  });

  it('says so when the host cannot save files', async () => {
    const bare = await startCoreFixture({ service: app.service });
    try {
      expect(await bare.attempt('audit:export', {})).toMatchObject({ ok: false, code: 'unsupported' });
    } finally {
      await bare.close();
      rmSync(bare.dataDir, { recursive: true, force: true });
    }
  });
});
