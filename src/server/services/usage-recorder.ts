import type { KeyUse, UsageRepository } from '../storage/repositories.ts';

/** A use as the hot path records it: the time stays a number until the batch is written. */
export interface BufferedUse {
  keyId: string;
  atMs: number;
  ip: string | null;
  userAgent: string | null;
}

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
  #buffer: BufferedUse[] = [];
  #flushScheduled = false;
  readonly #writing = new Set<Promise<void>>();

  constructor(repository: UsageRepository, options: UsageRecorderOptions = {}) {
    this.#repository = repository;
    this.#maxBuffered = options.maxBuffered ?? 2_000;
    this.#onError = options.onError ?? (() => {});
    this.#timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 1_000);
    this.#timer.unref();
  }

  record(use: BufferedUse): void {
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
    // Identical uses within a second become one row with a count; its time is the latest of them.
    const grouped = new Map<string, { use: BufferedUse; requests: number }>();
    for (const use of this.#buffer) {
      const group = `${use.keyId}\u0000${Math.floor(use.atMs / 1000)}\u0000${use.ip ?? ''}\u0000${use.userAgent ?? ''}`;
      const existing = grouped.get(group);
      if (!existing) grouped.set(group, { use, requests: 1 });
      else {
        existing.requests += 1;
        if (use.atMs > existing.use.atMs) existing.use = use;
      }
    }
    const batch: KeyUse[] = [...grouped.values()].map(({ use, requests }) => ({
      keyId: use.keyId,
      at: new Date(use.atMs).toISOString(),
      ip: use.ip,
      userAgent: use.userAgent,
      requests,
    }));
    this.#buffer = [];
    const write = this.#repository.recordBatch(batch).catch(this.#onError);
    this.#writing.add(write);
    void write.finally(() => this.#writing.delete(write));
  }

  /** Resolves when every batch handed to the database so far is written (or failed): before it closes. */
  async written(): Promise<void> {
    await Promise.all([...this.#writing]);
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }
}
