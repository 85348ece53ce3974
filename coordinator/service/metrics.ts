/** Prometheus metrics of one coordinator instance (own registry: several instances share a test process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface CoordinatorMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Counts one HTTP answer in httpRequests. Tallied in a map and added to the counter when the
   * metrics are read: per call one map update instead of prom-client hashing the labels. */
  countHttp(method: string, route: string, status: number): void;
  recorded: Counter;
  claims: Counter<'jobs'>;
  jobsCompleted: Counter<'type'>;
  jobsFailed: Counter;
  leasesExpired: Counter;
  requestsFailed: Counter;
  wasmUploads: Counter;
  wasmEvicted: Counter;
  pollWait: Histogram;
  failuresResolved: Counter;
  redisUp: Gauge;
}

export function createMetrics(withDefaults = false): CoordinatorMetrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const r = [registry];
  const httpTally = new Map<string, { labels: { method: string; route: string; status: string }; n: number }>();
  return {
    registry,
    httpRequests: new Counter({
      name: 'errand_http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers: r,
      collect() {
        for (const t of httpTally.values()) {
          if (t.n > 0) this.inc(t.labels, t.n);
          t.n = 0;
        }
      },
    }),
    countHttp(method, route, status) {
      const key = `${method} ${route} ${status}`;
      let t = httpTally.get(key);
      if (!t) {
        // Bounded: methods x route patterns x statuses.
        t = { labels: { method, route, status: String(status) }, n: 0 };
        httpTally.set(key, t);
      }
      t.n++;
    },
    recorded: new Counter({ name: 'errand_requests_recorded_total', help: 'Requests newly recorded', registers: r }),
    claims: new Counter({ name: 'errand_claims_total', help: 'Successful claims', labelNames: ['jobs'], registers: r }),
    jobsCompleted: new Counter({ name: 'errand_jobs_completed_total', help: 'Jobs completed', labelNames: ['type'], registers: r }),
    jobsFailed: new Counter({ name: 'errand_jobs_failed_total', help: 'Job failures reported by workers', registers: r }),
    leasesExpired: new Counter({ name: 'errand_leases_expired_total', help: 'Requests returned by the sweeper', registers: r }),
    requestsFailed: new Counter({ name: 'errand_requests_failed_total', help: 'Requests failed for good', registers: r }),
    wasmUploads: new Counter({ name: 'errand_wasm_uploads_total', help: 'Modules uploaded', registers: r }),
    wasmEvicted: new Counter({ name: 'errand_wasm_evicted_total', help: 'Modules evicted from the cache', registers: r }),
    pollWait: new Histogram({
      name: 'errand_poll_wait_seconds',
      help: 'Time a long-poll waited before returning work',
      registers: r,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    }),
    failuresResolved: new Counter({ name: 'errand_failures_resolved_total', help: 'Failed requests resolved on-chain with an error', registers: r }),
    redisUp: new Gauge({ name: 'errand_redis_up', help: '1 when the wake-up bus reaches Redis', registers: r }),
  };
}
