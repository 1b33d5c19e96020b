import { describe, expect, it } from 'vitest';
import { UsageRecorder } from '../../../src/server/services/usage-recorder.ts';
import type { KeyUse, UsageRepository } from '../../../src/server/storage/repositories.ts';

describe('UsageRecorder', () => {
  it('writes nothing until flushed, then one row per key, address, agent and second, with counts', async () => {
    const batches: KeyUse[][] = [];
    const repository = { recordBatch: async (uses: KeyUse[]) => void batches.push(uses) } as unknown as UsageRepository;
    const recorder = new UsageRecorder(repository, { flushIntervalMs: 60_000 });
    const base = Date.parse('2030-01-01T00:00:00.000Z');
    recorder.record({ keyId: 'key_a', atMs: base + 100, ip: '203.0.113.0', userAgent: 'bot' });
    recorder.record({ keyId: 'key_a', atMs: base + 900, ip: '203.0.113.0', userAgent: 'bot' });
    recorder.record({ keyId: 'key_a', atMs: base + 1_200, ip: '203.0.113.0', userAgent: 'bot' });
    recorder.record({ keyId: 'key_a', atMs: base + 300, ip: '198.51.100.0', userAgent: 'bot' });
    expect(batches).toEqual([]);
    recorder.close();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([
      { keyId: 'key_a', at: '2030-01-01T00:00:00.900Z', ip: '203.0.113.0', userAgent: 'bot', requests: 2 },
      { keyId: 'key_a', at: '2030-01-01T00:00:01.200Z', ip: '203.0.113.0', userAgent: 'bot', requests: 1 },
      { keyId: 'key_a', at: '2030-01-01T00:00:00.300Z', ip: '198.51.100.0', userAgent: 'bot', requests: 1 },
    ]);
  });
});
