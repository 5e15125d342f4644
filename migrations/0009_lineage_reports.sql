-- provtrack schema, level 9: reports that follow lineage.
--
-- `provision_lineage` is every provision with each provision it continues, directly or
-- through earlier versions (depth 1, 2, ...), and itself (depth 0). The reports' flags
-- gain `lineage` (1: follow it, the default; `--no-lineage` 0). `report shifts`
-- follows a provision's lineage: an actor's stance on a provision is compared with its
-- previous stance on that provision or on any provision it continues, and the row names
-- both (`from_provision`). `report thread` lists the whole line of a question across
-- drafts: each version, then every stance on any version, in date order. Actors may
-- have members (a joint statement's signatories) and tags (`--group TAG` in every report
-- that lists actors).

CREATE VIEW provision_lineage AS
WITH RECURSIVE up (provision_id, ancestor_id, depth) AS (
    SELECT id, id, 0 FROM provisions
    UNION
    SELECT u.provision_id, l.continues_id, u.depth + 1
    FROM up u JOIN provision_links l ON l.provision_id = u.ancestor_id
    WHERE u.depth < 100)
SELECT provision_id, ancestor_id, min(depth) AS depth FROM up
GROUP BY provision_id, ancestor_id;

DROP VIEW report_parameters;
CREATE VIEW report_parameters AS
SELECT NULL AS as_of, NULL AS plan_id, NULL AS actor_id, NULL AS provision_id,
       NULL AS category, NULL AS since, 30 AS window_days, NULL AS kind, 1 AS lineage,
       NULL AS group_tag
FROM positions WHERE key = 'undecided';

DROP VIEW report_shifts;
CREATE VIEW report_shifts AS
SELECT a.key AS actor, pv.key AS provision, pl.key AS plan, w.from_position,
       w.position AS to_position, w.from_stated_on, w.stated AS to_stated_on,
       fs.key AS from_source, ts.key AS to_source, w.score - w.from_score AS score_change,
       CASE WHEN w.score * w.from_score < 0 THEN 'full flop'
            WHEN w.score <> w.from_score THEN 'half flip' ELSE 'no flip' END AS flip,
       fpv.key AS from_provision, fpl.key AS from_plan
FROM (SELECT k.thread_plan, k.thread_id, k.stance_id, k.actor_id, k.provision_id, k.plan_id,
             k.source_id, k.position, k.stated_on, k.stated, k.published_on, k.score,
             lag(k.position) OVER recent AS from_position,
             lag(k.score) OVER recent AS from_score,
             lag(k.stated) OVER recent AS from_stated_on,
             lag(k.source_id) OVER recent AS from_source_id,
             lag(k.provision_id) OVER recent AS from_provision_id,
             lag(k.plan_id) OVER recent AS from_plan_id
      FROM (SELECT k.plan_id AS thread_plan, k.provision_id AS thread_id, k.stance_id,
                   k.actor_id, k.provision_id, k.plan_id, k.source_id, k.position,
                   k.stated_on, k.stated, k.published_on, k.score, k.firsthand
            FROM known_stances k
            CROSS JOIN report_parameters q
            WHERE k.status = 'active' AND k.kind = coalesce(q.kind, 'position')
            UNION ALL
            -- The stances on the provisions each provision continues, to compare with.
            SELECT pv.plan_id, pv.id, t.stance_id, t.actor_id, t.provision_id, t.plan_id,
                   t.source_id, t.position, t.stated_on,
                   CASE t.stated_precision WHEN 'year' THEN substr(t.stated_on, 1, 4)
                        WHEN 'month' THEN substr(t.stated_on, 1, 7) ELSE t.stated_on END,
                   s.published_on, pos.score, t.firsthand
            FROM report_parameters q
            CROSS JOIN provision_lineage lin
            CROSS JOIN provisions pv ON pv.id = lin.provision_id
            CROSS JOIN provisions ap ON ap.id = lin.ancestor_id
            CROSS JOIN target_stances t ON t.plan_id = ap.plan_id AND t.provision_id = ap.id
                AND t.actor_id >= coalesce(q.actor_id, -9223372036854775807 - 1)
                AND t.actor_id <= coalesce(q.actor_id, 9223372036854775807)
            JOIN sources s ON s.id = t.source_id
            JOIN positions pos ON pos.key = t.position
            WHERE q.lineage AND lin.depth > 0
              AND (q.plan_id IS NULL OR pv.plan_id = q.plan_id)
              AND (q.category IS NULL OR pv.category = q.category)
              AND (q.provision_id IS NULL OR pv.id = q.provision_id)
              AND t.status = 'active' AND t.kind = coalesce(q.kind, 'position')
              AND (q.group_tag IS NULL OR EXISTS (SELECT 1 FROM actor_tags g
                                                  WHERE g.tag = q.group_tag AND g.actor_id = t.actor_id))
              AND (q.as_of IS NULL OR (t.stated_on <= q.as_of AND s.published_on <= q.as_of))) k
      WINDOW recent AS (PARTITION BY k.thread_plan, k.thread_id, k.actor_id
                        ORDER BY k.stated_on, k.firsthand, k.published_on, k.stance_id)) w
CROSS JOIN report_parameters p
JOIN actors a ON a.id = w.actor_id
LEFT JOIN provisions pv ON pv.id = w.provision_id
JOIN plans pl ON pl.id = w.plan_id
LEFT JOIN provisions fpv ON fpv.id = w.from_provision_id
JOIN plans fpl ON fpl.id = w.from_plan_id
JOIN sources fs ON fs.id = w.from_source_id
JOIN sources ts ON ts.id = w.source_id
WHERE w.from_position IS NOT NULL AND w.from_position <> w.position
  AND w.provision_id = w.thread_id AND w.plan_id = w.thread_plan
  AND (p.since IS NULL OR w.stated_on >= p.since)
ORDER BY w.stated_on, w.published_on, w.stance_id, w.provision_id;

-- report thread: the whole line of a question across drafts (the provision, every
-- provision it continues, and every provision that continues any of those, through any
-- number of versions; the subqueries read report_parameters themselves, so that SQLite
-- computes the line once rather than once per provision): first each version with its plan, point and text, by the plan's date, then
-- every stance on any version, in date order. Without a provision, every line.
CREATE VIEW report_thread AS
SELECT entry, date, plan, provision, point, actor, position, source, text
FROM (SELECT 'version' AS entry, 0 AS part,
             CASE pl.first_reported_precision WHEN 'year' THEN substr(pl.first_reported_on, 1, 4)
                  WHEN 'month' THEN substr(pl.first_reported_on, 1, 7)
                  ELSE pl.first_reported_on END AS date,
             pl.first_reported_on AS sort_date, 0 AS sort_published, pv.id AS sort_id,
             pl.key AS plan, pv.key AS provision, pv.point, NULL AS actor, NULL AS position,
             NULL AS source, coalesce(pv.text, pv.title) AS text
      FROM report_parameters q
      CROSS JOIN provisions pv
      JOIN plans pl ON pl.id = pv.plan_id
      WHERE q.provision_id IS NULL
         OR pv.id IN (SELECT d.provision_id FROM provision_lineage d
                      WHERE d.ancestor_id IN (SELECT l.ancestor_id
                                              FROM report_parameters r
                                              JOIN provision_lineage l
                                                ON l.provision_id = r.provision_id))
      UNION ALL
      SELECT 'stance', 1,
             CASE t.stated_precision WHEN 'year' THEN substr(t.stated_on, 1, 4)
                  WHEN 'month' THEN substr(t.stated_on, 1, 7) ELSE t.stated_on END,
             t.stated_on, s.published_on, t.stance_id,
             pl.key, pv.key, pv.point, a.key, t.position, s.key,
             coalesce(st.quote, st.evidence)
      FROM report_parameters q
      CROSS JOIN provisions pv
      CROSS JOIN target_stances t ON t.plan_id = pv.plan_id AND t.provision_id = pv.id
          AND t.actor_id >= coalesce(q.actor_id, -9223372036854775807 - 1)
          AND t.actor_id <= coalesce(q.actor_id, 9223372036854775807)
      JOIN plans pl ON pl.id = pv.plan_id
      JOIN actors a ON a.id = t.actor_id
      JOIN sources s ON s.id = t.source_id
      JOIN stances st ON st.id = t.stance_id
      WHERE (q.provision_id IS NULL
             OR pv.id IN (SELECT d.provision_id FROM provision_lineage d
                          WHERE d.ancestor_id IN (SELECT l.ancestor_id
                                                  FROM report_parameters r
                                                  JOIN provision_lineage l
                                                    ON l.provision_id = r.provision_id)))
        AND (q.actor_id IS NULL OR t.actor_id = q.actor_id)
        AND (q.group_tag IS NULL OR EXISTS (SELECT 1 FROM actor_tags g
                                            WHERE g.tag = q.group_tag AND g.actor_id = t.actor_id))
        AND (q.kind IS NULL OR t.kind = q.kind)
        AND (q.as_of IS NULL OR (t.stated_on <= q.as_of AND s.published_on <= q.as_of)))
ORDER BY part, sort_date IS NULL, sort_date, sort_published, sort_id;

-- What a source says a provision contains: its account of the text and figures
-- (`figures`: the numbers in it, as provtrack reads them, e.g. '600000'), one per
-- provision and source.
CREATE TABLE provision_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    provision_id INTEGER NOT NULL REFERENCES provisions (id),
    source_id    INTEGER NOT NULL REFERENCES sources (id),
    text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    figures      TEXT CHECK (figures IS NULL OR length(figures) BETWEEN 1 AND 1000),
    recorded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (provision_id, source_id)
) STRICT;
CREATE INDEX provision_reports_source ON provision_reports (source_id);

CREATE TRIGGER provision_reports_history_update AFTER UPDATE ON provision_reports
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provision_reports', OLD.id,
            coalesce((SELECT key FROM provisions WHERE id = OLD.provision_id), OLD.provision_id), 'update',
            json_object('id', OLD.id, 'provision_id', OLD.provision_id, 'source_id', OLD.source_id, 'text', OLD.text, 'figures', OLD.figures, 'recorded_at', OLD.recorded_at),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER provision_reports_history_delete AFTER DELETE ON provision_reports
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('provision_reports', OLD.id,
            coalesce((SELECT key FROM provisions WHERE id = OLD.provision_id), OLD.provision_id), 'delete',
            json_object('id', OLD.id, 'provision_id', OLD.provision_id, 'source_id', OLD.source_id, 'text', OLD.text, 'figures', OLD.figures, 'recorded_at', OLD.recorded_at),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- report conflicts: as at the statements level (two stances of one actor on one target from
-- independent sources that score differently), followed by `terms differ`: two sources
-- whose accounts of a provision give different figures, with both texts (first_text,
-- second_text; the stance rows leave them empty, the terms rows leave actor and
-- positions empty). Not with --actor or --kind other than position.
DROP VIEW report_conflicts;
CREATE VIEW report_conflicts AS
SELECT * FROM (
SELECT ac.key AS actor, pv.key AS provision, pl.key AS plan,
       a.position AS first_position, a.stated AS first_stated_on, sa.key AS first_source,
       b.position AS second_position,
       CASE b.stated_precision WHEN 'year' THEN substr(b.stated_on, 1, 4)
            WHEN 'month' THEN substr(b.stated_on, 1, 7) ELSE b.stated_on END
           AS second_stated_on,
       sb.key AS second_source,
       CAST(julianday(b.stated_on) - julianday(a.stated_on) AS INTEGER) AS days_apart,
       CASE WHEN a.firsthand <> b.firsthand THEN 'disputed account'
            ELSE 'sources disagree' END AS conflict,
       NULL AS first_text, NULL AS second_text
FROM known_stances a
CROSS JOIN report_parameters p
CROSS JOIN target_stances b ON b.plan_id = a.plan_id AND b.provision_id = a.provision_id
    AND b.actor_id = a.actor_id
    AND b.stated_on >= a.stated_on
    AND b.stated_on <= coalesce(date(a.stated_on, '+' || p.window_days || ' days'),
                                '9999-12-31')
CROSS JOIN sources sb ON sb.id = b.source_id
JOIN positions pa ON pa.key = a.position
JOIN positions pb ON pb.key = b.position
JOIN actors ac ON ac.id = a.actor_id
LEFT JOIN provisions pv ON pv.id = a.provision_id
JOIN plans pl ON pl.id = a.plan_id
JOIN sources sa ON sa.id = a.source_id
WHERE a.status = 'active' AND b.status = 'active'
  AND a.kind = coalesce(p.kind, 'position') AND b.kind = a.kind
  AND a.origin_id <> b.origin_id AND pa.score <> pb.score
  AND (a.stated_on, a.published_on, a.stance_id) < (b.stated_on, sb.published_on, b.stance_id)
  AND julianday(b.stated_on) - julianday(a.stated_on) <= p.window_days
  AND (p.as_of IS NULL OR (b.stated_on <= p.as_of AND sb.published_on <= p.as_of))
ORDER BY a.stated_on, a.published_on, a.stance_id, a.provision_id, b.stated_on,
         sb.published_on, b.stance_id
)
UNION ALL
SELECT * FROM (
SELECT NULL AS actor, pv.key AS provision, pl.key AS plan,
       NULL AS first_position,
       CASE sa.published_precision WHEN 'year' THEN substr(sa.published_on, 1, 4)
            WHEN 'month' THEN substr(sa.published_on, 1, 7) ELSE sa.published_on END
           AS first_stated_on,
       sa.key AS first_source, NULL AS second_position,
       CASE sb.published_precision WHEN 'year' THEN substr(sb.published_on, 1, 4)
            WHEN 'month' THEN substr(sb.published_on, 1, 7) ELSE sb.published_on END
           AS second_stated_on,
       sb.key AS second_source,
       CAST(julianday(sb.published_on) - julianday(sa.published_on) AS INTEGER) AS days_apart,
       'terms differ' AS conflict, ra.text AS first_text, rb.text AS second_text
FROM report_parameters p
CROSS JOIN provision_reports ra
JOIN provision_reports rb ON rb.provision_id = ra.provision_id AND rb.id <> ra.id
JOIN sources sa ON sa.id = ra.source_id
JOIN sources sb ON sb.id = rb.source_id
JOIN provisions pv ON pv.id = ra.provision_id
JOIN plans pl ON pl.id = pv.plan_id
WHERE ra.figures IS NOT NULL AND rb.figures IS NOT NULL AND ra.figures <> rb.figures
  AND (sa.published_on, sa.key) < (sb.published_on, sb.key)
  AND p.actor_id IS NULL AND coalesce(p.kind, 'position') = 'position'
  AND (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
  AND (p.category IS NULL OR pv.category = p.category)
  AND (p.provision_id IS NULL OR pv.id = p.provision_id)
  AND (p.as_of IS NULL OR sb.published_on <= p.as_of)
ORDER BY sa.published_on, sb.published_on, pl.key, pv.key, sa.key, sb.key);


-- Groups and joint statements ------------------------------------------------------------

-- A joint statement (an actor of kind `statement`, widened by a rebuild before this file
-- runs) or a group has members: the actors who sign or make it up.
CREATE TABLE actor_members (
    actor_id  INTEGER NOT NULL REFERENCES actors (id),
    member_id INTEGER NOT NULL REFERENCES actors (id),
    PRIMARY KEY (actor_id, member_id),
    CHECK (actor_id <> member_id)
) STRICT;
CREATE INDEX actor_members_member ON actor_members (member_id);

-- Tags group actors (`europe`, `g7`); every report's --group keeps the actors with one.
CREATE TABLE actor_tags (
    actor_id INTEGER NOT NULL REFERENCES actors (id),
    tag      TEXT NOT NULL CHECK (tag GLOB '[a-z0-9]*' AND tag NOT GLOB '*[^a-z0-9-]*'
                                  AND length(tag) <= 60),
    PRIMARY KEY (actor_id, tag)
) STRICT;
CREATE INDEX actor_tags_tag ON actor_tags (tag, actor_id);

CREATE TRIGGER actor_members_history_update AFTER UPDATE ON actor_members
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_members', OLD.actor_id,
            coalesce((SELECT key FROM actors WHERE id = OLD.actor_id), OLD.actor_id), 'update',
            json_object('actor_id', OLD.actor_id, 'member_id', OLD.member_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actor_members_history_delete AFTER DELETE ON actor_members
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_members', OLD.actor_id,
            coalesce((SELECT key FROM actors WHERE id = OLD.actor_id), OLD.actor_id), 'delete',
            json_object('actor_id', OLD.actor_id, 'member_id', OLD.member_id),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actor_tags_history_update AFTER UPDATE ON actor_tags
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_tags', OLD.actor_id,
            coalesce((SELECT key FROM actors WHERE id = OLD.actor_id), OLD.actor_id), 'update',
            json_object('actor_id', OLD.actor_id, 'tag', OLD.tag),
            coalesce((SELECT command FROM current_operation), 'external'));
END;
CREATE TRIGGER actor_tags_history_delete AFTER DELETE ON actor_tags
BEGIN
    INSERT INTO history (table_name, record_id, record_key, operation, old_values, command)
    VALUES ('actor_tags', OLD.actor_id,
            coalesce((SELECT key FROM actors WHERE id = OLD.actor_id), OLD.actor_id), 'delete',
            json_object('actor_id', OLD.actor_id, 'tag', OLD.tag),
            coalesce((SELECT command FROM current_operation), 'external'));
END;

-- Every report that lists actors keeps, with --group, the actors with that tag.
DROP VIEW known_stances;
CREATE VIEW known_stances AS
SELECT st.stance_id, st.actor_id, t.provision_id, t.plan_id, st.source_id, st.origin_id,
       a.key AS actor, t.provision, t.plan, t.point, t.category, st.kind,
       st.position, pos.score, st.stated_on,
       CASE st.stated_precision WHEN 'year' THEN substr(st.stated_on, 1, 4)
            WHEN 'month' THEN substr(st.stated_on, 1, 7) ELSE st.stated_on END AS stated,
       x.stated_inferred,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       s.published_inferred, x.attribution, st.firsthand, st.status, x.quote, x.evidence,
       x.notes, x.key, x.relays_source_id
FROM report_parameters p
CROSS JOIN targets t
CROSS JOIN target_stances st ON st.plan_id = t.plan_id AND st.provision_id = t.provision_id
    AND st.actor_id >= coalesce(p.actor_id, -9223372036854775807 - 1)
    AND st.actor_id <= coalesce(p.actor_id, 9223372036854775807)
CROSS JOIN sources s ON s.id = st.source_id
LEFT JOIN stances x ON x.id = st.stance_id
LEFT JOIN actors a ON a.id = st.actor_id
LEFT JOIN positions pos ON pos.key = st.position
WHERE (p.plan_id IS NULL OR t.plan_id = p.plan_id)
  AND (p.category IS NULL OR t.category = p.category)
  AND (p.provision_id IS NULL OR t.provision_id = p.provision_id)
  AND (p.as_of IS NULL OR (st.stated_on <= p.as_of AND s.published_on <= p.as_of))
  AND (p.group_tag IS NULL
       OR EXISTS (SELECT 1 FROM actor_tags g WHERE g.tag = p.group_tag AND g.actor_id = st.actor_id));

DROP VIEW current_stances;
CREATE VIEW current_stances AS
SELECT coalesce(k.id, c.stance_id) AS stance_id, c.actor_id, t.provision_id, t.plan_id,
       coalesce(k.source_id, c.source_id) AS source_id, c.actor,
       t.provision, t.plan, t.point, t.category, c.kind,
       coalesce(k.position, c.position) AS position, coalesce(kpos.score, c.score) AS score,
       coalesce(k.stated_on, c.stated_on) AS stated_on,
       CASE coalesce(k.stated_precision, c.stated_precision)
            WHEN 'year' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 4)
            WHEN 'month' THEN substr(coalesce(k.stated_on, c.stated_on), 1, 7)
            ELSE coalesce(k.stated_on, c.stated_on) END AS stated,
       st.stated_inferred,
       s.key AS source, s.published_on,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END AS published,
       st.attribution, st.quote, st.evidence
FROM report_parameters p
CROSS JOIN targets t
CROSS JOIN latest_stances c ON c.plan_id = t.plan_id AND c.provision_id = t.provision_id
    AND c.kind = coalesce(p.kind, 'position')
LEFT JOIN stances k ON k.id = CASE WHEN p.as_of IS NOT NULL THEN (
    SELECT x.stance_id FROM target_stances x JOIN sources xs ON xs.id = x.source_id
    WHERE x.plan_id = c.plan_id AND x.provision_id = c.provision_id
      AND x.actor_id = c.actor_id AND x.kind = c.kind
      AND x.status = 'active' AND x.stated_on <= p.as_of AND xs.published_on <= p.as_of
    ORDER BY x.stated_on DESC, x.firsthand DESC, xs.published_on DESC, x.stance_id DESC
    LIMIT 1) END
LEFT JOIN positions kpos ON kpos.key = k.position
LEFT JOIN sources s ON s.id = coalesce(k.source_id, c.source_id)
LEFT JOIN stances st ON st.id = coalesce(k.id, c.stance_id)
WHERE (p.plan_id IS NULL OR t.plan_id = p.plan_id)
  AND (p.category IS NULL OR t.category = p.category)
  AND (p.provision_id IS NULL OR t.provision_id = p.provision_id)
  AND (p.actor_id IS NULL OR c.actor_id = p.actor_id)
  AND (p.as_of IS NULL OR k.id IS NOT NULL)
  AND (p.group_tag IS NULL
       OR EXISTS (SELECT 1 FROM actor_tags g WHERE g.tag = p.group_tag AND g.actor_id = c.actor_id));

DROP VIEW report_coverage;
CREATE VIEW report_coverage AS
SELECT plan, subject, key, gap, stances, source
FROM (SELECT n.plan, 'provision' AS subject, n.key, n.point,
             CASE WHEN n.stances = 0 THEN 'no stance' ELSE 'single source' END AS gap,
             n.stances, n.source
      FROM (SELECT pl.key AS plan, pv.key AS key, pv.point_order AS point,
                   (SELECT count(*) FROM known_stances k
                    WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                      AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
                       AS stances,
                   (SELECT min(k.source) FROM known_stances k
                    WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                      AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
                       AS source
            FROM report_parameters p
            CROSS JOIN provisions pv
            JOIN plans pl ON pl.id = pv.plan_id
            WHERE (p.plan_id IS NULL OR pv.plan_id = p.plan_id)
              AND (p.category IS NULL OR pv.category = p.category)
              AND (p.as_of IS NULL OR pl.first_reported_on IS NULL
                   OR pl.first_reported_on <= p.as_of)
              AND NOT EXISTS (
                  SELECT 1 FROM known_stances k
                  WHERE k.plan_id = pv.plan_id AND k.provision_id = pv.id
                    AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position')
                    AND k.origin_id <> (SELECT f.origin_id FROM known_stances f
                                        WHERE f.plan_id = pv.plan_id
                                          AND f.provision_id = pv.id
                                          AND f.status = 'active'
                                          AND f.kind = coalesce(p.kind, 'position')
                                        LIMIT 1))) n
      UNION ALL
      SELECT pl.key, 'actor', a.key, NULL, 'no stance on its own plan', 0, NULL
      FROM report_parameters p
      CROSS JOIN plan_proposers pp
      JOIN plans pl ON pl.id = pp.plan_id
      JOIN actors a ON a.id = pp.actor_id
      WHERE NOT EXISTS (SELECT 1 FROM known_stances k
                        WHERE k.actor_id = pp.actor_id AND k.plan_id = pp.plan_id
                          AND k.status = 'active' AND k.kind = coalesce(p.kind, 'position'))
        AND (p.plan_id IS NULL OR pp.plan_id = p.plan_id)
        AND (p.actor_id IS NULL OR pp.actor_id = p.actor_id)
        AND (p.group_tag IS NULL OR EXISTS (SELECT 1 FROM actor_tags g
                                            WHERE g.tag = p.group_tag AND g.actor_id = pp.actor_id))
        AND (p.as_of IS NULL OR pl.first_reported_on IS NULL OR pl.first_reported_on <= p.as_of))
ORDER BY plan, subject DESC, point IS NULL, point, key;

DROP VIEW report_sources;
CREATE VIEW report_sources AS
SELECT s.key AS source, s.outlet,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
           AS published_on,
       s.published_inferred, s.kind, coalesce(n.stances, 0) AS stances,
       coalesce(v.provisions, 0) AS provisions, coalesce(n.actors, 0) AS actors,
       coalesce(n.plans, 0) AS plans,
       (SELECT count(*) FROM stances r
        WHERE r.relays_source_id IS NOT NULL AND r.source_id = s.id) AS relayed
FROM report_parameters p
CROSS JOIN sources s
LEFT JOIN (SELECT coalesce(st.relays_source_id, st.source_id) AS origin_id,
                  count(*) AS stances, count(DISTINCT st.actor_id) AS actors,
                  count(DISTINCT st.plan_id) AS plans
           FROM report_parameters q
           CROSS JOIN stances st
           WHERE q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
             AND q.category IS NULL AND q.provision_id IS NULL AND q.kind IS NULL
             AND q.group_tag IS NULL
           GROUP BY coalesce(st.relays_source_id, st.source_id)
           UNION ALL
           SELECT k.origin_id, count(DISTINCT k.stance_id), count(DISTINCT k.actor_id),
                  count(DISTINCT k.plan_id)
           FROM report_parameters q
           CROSS JOIN known_stances k
           WHERE NOT (q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
                      AND q.category IS NULL AND q.provision_id IS NULL AND q.kind IS NULL
             AND q.group_tag IS NULL)
             AND (q.kind IS NULL OR k.kind = q.kind)
           GROUP BY k.origin_id) n ON n.origin_id = s.id
LEFT JOIN (SELECT t.origin_id, count(DISTINCT t.provision_id) AS provisions
           FROM report_parameters q
           CROSS JOIN target_stances t
           WHERE q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
             AND q.category IS NULL AND q.provision_id IS NULL AND q.kind IS NULL
             AND q.group_tag IS NULL
             AND t.provision_id <> 0
           GROUP BY t.origin_id
           UNION ALL
           SELECT k.origin_id, count(DISTINCT k.provision_id)
           FROM report_parameters q
           CROSS JOIN known_stances k
           WHERE NOT (q.actor_id IS NULL AND q.as_of IS NULL AND q.plan_id IS NULL
                      AND q.category IS NULL AND q.provision_id IS NULL AND q.kind IS NULL
             AND q.group_tag IS NULL)
             AND k.provision_id <> 0 AND (q.kind IS NULL OR k.kind = q.kind)
           GROUP BY k.origin_id) v ON v.origin_id = s.id
WHERE (p.as_of IS NULL OR s.published_on <= p.as_of)
  AND (n.stances IS NOT NULL
       OR (p.plan_id IS NULL AND p.actor_id IS NULL AND p.category IS NULL
           AND p.provision_id IS NULL AND p.kind IS NULL AND p.group_tag IS NULL))
ORDER BY s.published_on, s.key;

