import type { KeyUse, UsageRepository } from '../storage/repositories.ts';

export interface UsageRecorderOptions {
  flushIntervalMs?: number;
  maxBuffered?: number;
  onError?: (error: unknown) => void;
}

/**
 * Every authenticated use of a key is recorded, but never on the request's path: uses collect in
 * memory and are written in one transaction on a short timer, when the buffer fills, and on close.
 */
export class UsageRecorder {
  readonly #repository: UsageRepository;
  readonly #maxBuffered: number;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #buffer: KeyUse[] = [];
  #flushScheduled = false;

  constructor(repository: UsageRepository, options: UsageRecorderOptions = {}) {
    this.#repository = repository;
    this.#maxBuffered = options.maxBuffered ?? 2_000;
    this.#onError = options.onError ?? (() => {});
    this.#timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 1_000);
    this.#timer.unref();
  }

  record(use: KeyUse): void {
    this.#buffer.push(use);
    if (this.#buffer.length >= this.#maxBuffered && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Writes everything buffered. With SQLite the write has happened when this returns (its
   * repository runs synchronously inside the returned promise's executor).
   */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#repository.recordBatch(batch).catch(this.#onError);
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }
}
