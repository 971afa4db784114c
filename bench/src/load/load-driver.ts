/**
 * The load generator, run as its own process so it never shares an event loop
 * with a server: autocannon, HTTP/1.1 keep-alive, one unique step_id per
 * request. argv[2] is a LoadSpec as JSON; the last stdout line a LoadResult.
 */
import autocannon from "autocannon";
import type { LoadResult, LoadSpec } from "./load-spec";
import { percentiles } from "./percentile";
import { stepRequest } from "./step-request";

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
let counter = 0;

function fire(durationSec: number, onLatency: (ms: number) => void) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: durationSec,
        timeout: 30,
        requests: [
          {
            method: "POST",
            headers: {
              authorization: `Bearer ${spec.apiKey}`,
              "content-type": "application/json",
            },
            setupRequest: (request) => {
              const next = stepRequest(spec.surface, spec.runIds, spec.stepPrefix, counter++);
              return { ...request, path: next.path, body: next.body };
            },
          },
        ],
      },
      (error: Error | null, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram has 1 ms resolution; keep every sample instead.
    instance.on("response", (_client, _status, _bytes, responseTime) => onLatency(responseTime));
  });
}

if (spec.warmupSec > 0) await fire(spec.warmupSec, () => {});

let latencies = new Float64Array(1 << 16);
let count = 0;
const measured = await fire(spec.durationSec, (ms) => {
  if (count === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[count++] = ms;
});
const [p50Ms = Number.NaN, p99Ms = Number.NaN] = percentiles(
  latencies.subarray(0, count),
  [0.5, 0.99],
);
const durationSec = (measured.finish.getTime() - measured.start.getTime()) / 1000;
const result: LoadResult = {
  throughput: measured["2xx"] / durationSec,
  p50Ms,
  p99Ms,
  ok: measured["2xx"],
  non2xx: measured.non2xx,
  errors: measured.errors,
  timeouts: measured.timeouts,
  durationSec,
  statusCounts: Object.fromEntries(
    Object.entries(measured.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
  ),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
