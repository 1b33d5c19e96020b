/** The audit chain's canonical JSON and link checks: the rules both the service and the app hash by. */
import { describe, expect, it } from 'vitest';
import {
  AUDIT_CHAIN_START,
  auditChainInput,
  canonicalJson,
  checkAuditLink,
  webCryptoSha256Hex,
} from '../../src/shared/audit-chain.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth by UTF-16 code units and writes no whitespace', () => {
    const value = { b: 1, a: { z: [3, { y: 1, x: 2 }], é: 'é', B: null, '😀': 1, '\uffff': 2 } };
    // 'B' (0x42) < 'z' < 'é' (0xe9) < '😀' (surrogate 0xd83d) < '\uffff'.
    expect(canonicalJson(value)).toBe('{"a":{"B":null,"z":[3,{"x":2,"y":1}],"é":"é","😀":1,"\uffff":2},"b":1}');
  });

  it('canonicalises a value the same before it is stored as JSON and after it is read back', () => {
    const value = {
      reason: 'line\nbreak "quoted" \u2028',
      n: 1e21,
      small: 0.000001,
      neg: -0,
      gone: undefined,
      list: [undefined, 2.5],
    };
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
    expect(canonicalJson(value)).toBe(
      '{"list":[null,2.5],"n":1e+21,"neg":0,"reason":"line\\nbreak \\"quoted\\" \u2028","small":0.000001}',
    );
  });

  it('has no form for values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN or Infinity/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson([1n])).toThrow(/bigint/);
  });

  it('hashes with WebCrypto to the same hex sha256sum prints', async () => {
    // printf '%s%s' "$(64 zeros)" '{"a":[1,null,"x"],"b":{"c":true}}' | sha256sum
    const text = AUDIT_CHAIN_START + canonicalJson({ b: { c: true }, a: [1, null, 'x'] });
    expect(await webCryptoSha256Hex(text)).toBe('cb68fdbaa6a70e8fee054c0a917375081e846cac2a60ad2d310709a1e4b24c52');
  });
});

describe('a link of the chain', () => {
  const event = {
    seq: 3,
    id: 'evt_1',
    type: 'key.created' as const,
    at: '2030-01-01T00:00:00.000Z',
    actor: { type: 'system' as const, id: null, name: 'Keywarden' },
    keyId: null,
    keyPrefix: null,
    ip: null,
    userAgent: null,
    details: {},
  };

  it('covers every field but the hash, including seq', () => {
    expect(auditChainInput('p', { ...event, hash: 'ignored' } as typeof event)).toBe(
      'p{"actor":{"id":null,"name":"Keywarden","type":"system"},"at":"2030-01-01T00:00:00.000Z","details":{},"id":"evt_1","ip":null,"keyId":null,"keyPrefix":null,"seq":3,"type":"key.created","userAgent":null}',
    );
  });

  it('is the next one, a gap, a repeat or an altered one', () => {
    const head = { seq: 2, hash: 'h2' };
    expect(checkAuditLink(head, { seq: 3, hash: 'h3' }, 'h3')).toBeNull();
    expect(checkAuditLink(head, { seq: 3, hash: 'h3' }, 'other')).toMatchObject({ seq: 3, reason: 'altered' });
    expect(checkAuditLink(head, { seq: 4, hash: 'h4' }, 'h4')).toEqual({
      seq: 3,
      reason: 'missing',
      message: 'seq 3 is missing: the event after seq 2 is seq 4',
    });
    expect(checkAuditLink(head, { seq: 7, hash: 'h7' }, 'h7')?.message).toBe(
      'seq 3–6 are missing: the event after seq 2 is seq 7',
    );
    expect(checkAuditLink(head, { seq: 2, hash: 'h2' }, 'h2')).toMatchObject({ seq: 2, reason: 'out_of_order' });
  });
});
