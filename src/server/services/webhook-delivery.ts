/**
 * One HTTP POST to a webhook receiver, hardened for URLs chosen by API clients:
 * - the host is resolved once, every resolved address must be public (unless private destinations
 *   are allowed), and the connection goes to exactly those addresses, so a second DNS answer
 *   (DNS rebinding) cannot swap in an internal one;
 * - redirects are not followed: a 3xx is a failed delivery, never re-POSTed elsewhere;
 * - at most `MAX_RESPONSE_BYTES` of the answer are read, then the connection is cut, so a receiver
 *   answering gigabytes (or never finishing) costs neither memory nor time.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { errorMessage } from '../../shared/error-message.ts';
import { nonPublicAddressReason, nonPublicHostReason } from '../domain/webhook-destination.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (a port, so tests need no DNS). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryOutcome {
  /** The receiver's status, or null when none was received. */
  statusCode: number | null;
  /** Why the delivery failed, or null when the receiver answered 2xx. */
  error: string | null;
}

export type DeliverWebhook = (request: DeliveryRequest) => Promise<DeliveryOutcome>;

export interface WebhookDeliveryOptions {
  allowPrivateDestinations: boolean;
  resolve?: ResolveHost;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Enough of an answer to tell a person why a receiver refused a delivery. */
export const MAX_RESPONSE_BYTES = 4 * 1024;
const EXCERPT_CHARACTERS = 200;

const resolveWithSystemDns: ResolveHost = (hostname) => lookup(hostname, { all: true });

export function createWebhookDelivery(options: WebhookDeliveryOptions): DeliverWebhook {
  const resolve = options.resolve ?? resolveWithSystemDns;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async (delivery) => {
    const url = new URL(delivery.url);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const refusedHost = options.allowPrivateDestinations ? null : nonPublicHostReason(url.hostname);
    if (refusedHost) return refused(`${host} is ${refusedHost}`);

    let addresses: ResolvedAddress[];
    const family = isIP(host);
    if (family !== 0) {
      addresses = [{ address: host, family }];
    } else {
      try {
        addresses = await resolve(host);
      } catch (cause) {
        return refused(`${host} could not be resolved (${errorMessage(cause)})`);
      }
      if (addresses.length === 0) return refused(`${host} has no address`);
      for (const { address } of addresses) {
        const reason = options.allowPrivateDestinations ? null : nonPublicAddressReason(address);
        if (reason) return refused(`${host} resolves to ${address}, ${reason}`);
      }
    }
    return post(url, addresses, delivery, timeoutMs);
  };
}

function refused(why: string): DeliveryOutcome {
  return { statusCode: null, error: `not delivered: ${why}` };
}

/** Hands the connection the addresses that were checked, instead of resolving the name again. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    const first = addresses[0] as ResolvedAddress;
    if (lookupOptions.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
}

function post(
  url: URL,
  addresses: ResolvedAddress[],
  delivery: DeliveryRequest,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  return new Promise((settle) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'POST',
      headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) },
      agent: false,
      lookup: pinnedLookup(addresses),
    });
    let statusCode: number | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;
    let finished = false;
    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      // Whatever the receiver still sends is not read.
      request.destroy();
      settle(
        statusCode === null
          ? { statusCode, error: error ?? 'the receiver closed the connection without answering' }
          : outcomeOf(statusCode, Buffer.concat(chunks).toString('utf8')),
      );
    };
    const deadline = setTimeout(() => finish(`the receiver did not answer within ${timeoutMs / 1000} s`), timeoutMs);
    deadline.unref();
    request.on('response', (response: IncomingMessage) => {
      statusCode = response.statusCode ?? null;
      response.on('data', (chunk: Buffer) => {
        if (kept < MAX_RESPONSE_BYTES) {
          const part = chunk.subarray(0, MAX_RESPONSE_BYTES - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (kept >= MAX_RESPONSE_BYTES) finish();
      });
      // Cut off mid-answer (reset, timeout): the status line already says how the receiver took it.
      response.on('end', () => finish());
      response.on('close', () => finish());
      response.on('error', () => finish());
    });
    request.on('error', (cause) => finish(cause.message || 'delivery failed'));
    request.end(delivery.body);
  });
}

function outcomeOf(statusCode: number | null, text: string): DeliveryOutcome {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { statusCode, error: null };
  if (statusCode !== null && statusCode >= 300 && statusCode < 400) {
    return { statusCode, error: `receiver answered ${statusCode}; redirects are not followed` };
  }
  const excerpt = text
    .slice(0, EXCERPT_CHARACTERS)
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .trim();
  return { statusCode, error: `receiver answered ${statusCode}${excerpt ? `: ${excerpt}` : ''}` };
}
