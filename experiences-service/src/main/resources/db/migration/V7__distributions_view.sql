-- The admin list across distribution types (ADR 0009): one view of the columns every type's table shares, so that
-- GET /distributions pages every type in one keyset order without moving any type's rows. The core reads
-- (type, id, created_at) of one page here and then asks each type for its rows by id.
--
-- A new type re-creates this view in its own migration, adding its table as one more branch, e.g.
--     CREATE OR REPLACE VIEW distributions AS
--         SELECT …, 'queue'::text AS type, … FROM queues
--         UNION ALL
--         SELECT …, 'draw'::text AS type, … FROM draws;
-- Every branch keeps these columns, in this order and with these types (CREATE OR REPLACE VIEW refuses to rename,
-- retype or reorder them, and a branch whose types differ would stop the planner flattening the UNION ALL).
-- Every branch's table needs an index on (organization_id, environment, created_at, id), as queues_by_created (V2):
-- the list's tenant scope and keyset predicate ((created_at, id) > (…) ORDER BY created_at, id LIMIT n) are pushed
-- into each branch, each branch is read by that index in order, and a Merge Append stops after n + 1 rows.
-- A type filter compares each branch's constant, so the other branches are dropped at plan time (a generic plan
-- keeps them behind a one-time filter that skips them).
CREATE VIEW distributions AS
SELECT id,
       organization_id,
       environment,
       sequence_id,
       experience_id,
       'queue'::text AS type,
       name,
       time_zone,
       open_at,
       close_at,
       supports_guest,
       status_override,
       created_at,
       updated_at
FROM queues;
