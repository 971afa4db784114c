/** What a batch run says about each of its items, in the items' order. */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface MicroBatcherOptions<I, O> {
  /** Batches running at once; further items wait and join the next batch. */
  maxInFlight: number;
  maxBatchSize: number;
  /** Runs one batch; a rejection fails every item in it. */
  runBatch(items: I[]): Promise<ItemOutcome<O>[]>;
}

export interface MicroBatcher<I, O> {
  submit(item: I): Promise<O>;
  /** Batches run and items they carried, since the batcher was made. */
  counters(): { batches: number; items: number };
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit for callers that arrive while the database is busy. An item is sent
 * at once while fewer than `maxInFlight` batches are running (so an idle service adds
 * no latency); otherwise it queues, and everything queued goes out together as soon
 * as a batch finishes. Batches grow only with load.
 */
export function createMicroBatcher<I, O>(options: MicroBatcherOptions<I, O>): MicroBatcher<I, O> {
  const queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let pumpScheduled = false;
  let batches = 0;
  let items = 0;

  const settle = (batch: Pending<I, O>[], outcomes: ItemOutcome<O>[]) => {
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) pending.reject(new Error("batch returned no outcome for an item"));
      else if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  };

  const pump = () => {
    pumpScheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatchSize);
      inFlight += 1;
      batches += 1;
      items += batch.length;
      const started = Promise.resolve().then(() => options.runBatch(batch.map((p) => p.item)));
      started
        .then(
          (outcomes) => settle(batch, outcomes),
          (error: unknown) => {
            for (const pending of batch) pending.reject(error);
          },
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Items submitted in the same tick leave together.
        if (!pumpScheduled) {
          pumpScheduled = true;
          queueMicrotask(pump);
        }
      });
    },
    counters: () => ({ batches, items }),
  };
}
