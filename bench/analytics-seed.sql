-- Seeds analytics-service's event store with :events events over the last 90 days for organization :org, live
-- environment (bench/analytics-query.sh). The rollups are written directly, as the store would have kept them:
-- per (type, minute) a random count (mean :events / (10 types × 129 600 minutes)), split over the type's two
-- experiences and two queues; order and bid types also carry an amount. Hour rows are summed from the minute rows.
-- With raw = 1 the same number of raw rows go to stored_events (queries never read them; replays do).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET work_mem = '256MB';

CREATE TEMP TABLE bench_minutes AS
SELECT t.type, t.k, m.bucket,
       floor(random() * (2 * :events::numeric / (10 * 129600) + 1))::bigint AS n
FROM generate_series(date_trunc('minute', now()) - interval '90 days', date_trunc('minute', now()), interval '1 minute') AS m(bucket)
CROSS JOIN (VALUES ('queue.consumer.entered', 0), ('queue.consumer.admitted', 1), ('queue.consumer.completed', 2),
                   ('queue.consumer.left', 3), ('draw.consumer.entered', 4), ('draw.consumer.won', 5),
                   ('auction.bid.placed', 6), ('order.created', 7), ('order.completed', 8),
                   ('distribution.opened', 9)) AS t(type, k);
DELETE FROM bench_minutes WHERE n = 0;

-- One row per (type, minute, dimension, value, field): all events, each experience and queue (half of the events
-- each), and an amount field (25.00 per event) for the money-carrying types.
CREATE TEMP TABLE bench_rows AS
SELECT b.type, f.field, d.dim, d.val, b.bucket, d.share * b.n AS n,
       CASE WHEN f.field = '' THEN d.share * b.n ELSE d.share * b.n * 25 END AS total
FROM bench_minutes b
CROSS JOIN LATERAL (VALUES ('', '', 1.0),
                           ('experience', 'exp_bench' || b.k, 0.5), ('experience', 'exp_bench' || (b.k + 10), 0.5),
                           ('distribution', 'queue_bench' || b.k, 0.5), ('distribution', 'queue_bench' || (b.k + 10), 0.5)) AS d(dim, val, share)
CROSS JOIN LATERAL (SELECT '' AS field UNION ALL SELECT 'amount' WHERE b.k IN (6, 7, 8)) AS f
WHERE d.share * b.n >= 1;

INSERT INTO event_rollups AS r (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket, n, total, low, high)
SELECT :'org', 'live', type, field, dim, val, 'm', bucket, n::bigint, total,
       CASE WHEN field = '' THEN NULL ELSE 25 END, CASE WHEN field = '' THEN NULL ELSE 25 END
FROM bench_rows
ON CONFLICT (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket)
DO UPDATE SET n = r.n + EXCLUDED.n, total = r.total + EXCLUDED.total;

INSERT INTO event_rollups AS r (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket, n, total, low, high)
SELECT :'org', 'live', type, field, dim, val, 'h', date_trunc('hour', bucket), sum(n)::bigint, sum(total),
       CASE WHEN field = '' THEN NULL ELSE 25 END, CASE WHEN field = '' THEN NULL ELSE 25 END
FROM bench_rows GROUP BY type, field, dim, val, date_trunc('hour', bucket)
ON CONFLICT (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket)
DO UPDATE SET n = r.n + EXCLUDED.n, total = r.total + EXCLUDED.total;

SELECT sum(n) AS events_seeded FROM bench_minutes;

\if :raw
INSERT INTO stored_events (id, organization_id, environment, type, occurred_at, aggregate_type, aggregate_id, data, received_at)
SELECT md5(:'org' || '-bench-' || i)::uuid, :'org', 'live',
       (ARRAY['queue.consumer.entered','queue.consumer.admitted','queue.consumer.completed','queue.consumer.left',
              'draw.consumer.entered','draw.consumer.won','auction.bid.placed','order.created','order.completed',
              'distribution.opened'])[1 + i % 10],
       now() - random() * interval '90 days', 'bench', 'queue_bench' || (i % 20),
       jsonb_build_object('experienceId', 'exp_bench' || (i % 20), 'queueId', 'queue_bench' || (i % 20)), now()
FROM generate_series(1, :events) AS i
ON CONFLICT (id) DO NOTHING;
\endif
ANALYZE event_rollups;
