-- Inserts {{COUNT}} entries into draw {{DRAW_ID}} directly, for the draw-time benchmark (bench/draw.sh, DrawTimeIT):
-- each with a fresh entry uuid, its public id dentry_<Crockford base32> and its key HMAC-SHA256(seed, public id) as
-- lowercase hex, computed here with PostgreSQL's built-in sha256() (HMAC = H((K ^ opad) || H((K ^ ipad) || m)), K the
-- 32-byte seed padded to the 64-byte block), exactly as the service computes it when an entry is written.
WITH d AS (SELECT id, organization_id, environment, seed || decode(repeat('00', 32), 'hex') AS k, next_seq
           FROM draws WHERE id = '{{DRAW_ID}}'),
     pads AS (SELECT d.*,
                     (SELECT decode(string_agg(lpad(to_hex(get_byte(d.k, i) # 54), 2, '0'), '' ORDER BY i), 'hex')
                      FROM generate_series(0, 63) i) AS ikey,
                     (SELECT decode(string_agg(lpad(to_hex(get_byte(d.k, i) # 92), 2, '0'), '' ORDER BY i), 'hex')
                      FROM generate_series(0, 63) i) AS okey
              FROM d),
     ids AS (SELECT g, gen_random_uuid() AS entry, gen_random_uuid() AS consumer FROM generate_series(0, {{COUNT}} - 1) g),
     named AS (SELECT ids.*, 'dentry_' || (SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ',
                                                   substring(b FROM i * 5 + 1 FOR 5)::int + 1, 1), '' ORDER BY i)
                                            FROM (SELECT B'00' || ('x' || replace(ids.entry::text, '-', ''))::bit(128) AS b) bits,
                                                 generate_series(0, 25) i) AS public_id
               FROM ids)
INSERT INTO draw_entries (draw_id, consumer_id, entry_id, organization_id, environment, seq, status, draw_key, entered_at)
SELECT pads.id, named.consumer, named.entry, pads.organization_id, pads.environment, pads.next_seq + named.g, 'ENTERED',
       encode(sha256(pads.okey || sha256(pads.ikey || convert_to(named.public_id, 'UTF8'))), 'hex'), now()
FROM pads, named;

UPDATE draws SET next_seq = next_seq + {{COUNT}}, active_entries = active_entries + {{COUNT}} WHERE id = '{{DRAW_ID}}';
