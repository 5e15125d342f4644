-- provtrack schema, level 11: each source's tallies kept as its statements change, so
-- that `report sources` reads one row per source.
--
-- `report sources` counts, for every source, the statements it is the origin of (its
-- own, or those it relays), and the distinct actors, plans and provisions they name.
-- Counted at read time that is four index ranges per source, about four million index
-- entries at a million stances (402 ms). `source_tallies` keeps the four counts, one
-- row per source that is the origin of at least one statement (a source without one has
-- no row and counts zero), by the triggers below; a bulk import drops them and fills
-- the table again from `source_tallies_recomputed`, as it does the other derived tables;
-- `doctor` compares the two.
--
-- A distinct count moves only when the row added (or removed) is the first (or the
-- last) of its kind for that source: an actor counts once per source however many of
-- its statements the source carries. Each trigger asks "is there ANOTHER statement
-- (another target row) from this source naming this actor (plan, provision)?", other
-- meaning any row but the one being written, identified by its NEW id. That one test is
-- right for an insert, a delete and an update alike: an update is its old row removed
-- and its new row added, and a row that keeps its source and actor is added back where
-- it was removed.

CREATE TABLE source_tallies (
    source_id  INTEGER PRIMARY KEY,
    stances    INTEGER NOT NULL,
    actors     INTEGER NOT NULL,
    plans      INTEGER NOT NULL,
    provisions INTEGER NOT NULL
) STRICT;

-- What source_tallies holds, counted from the stances and their targets.
CREATE VIEW source_tallies_recomputed AS
SELECT s.id AS source_id,
       (SELECT count(*) FROM stances x
        WHERE coalesce(x.relays_source_id, x.source_id) = +s.id) AS stances,
       (SELECT count(DISTINCT x.actor_id) FROM stances x
        WHERE coalesce(x.relays_source_id, x.source_id) = +s.id) AS actors,
       (SELECT count(DISTINCT x.plan_id) FROM stances x
        WHERE coalesce(x.relays_source_id, x.source_id) = +s.id) AS plans,
       (SELECT count(*) FROM (SELECT DISTINCT t.provision_id FROM target_stances t
                              WHERE t.origin_id = s.id AND t.provision_id <> 0))
           AS provisions
FROM sources s
WHERE EXISTS (SELECT 1 FROM stances x WHERE coalesce(x.relays_source_id, x.source_id) = +s.id);

INSERT INTO source_tallies SELECT * FROM source_tallies_recomputed;

CREATE TRIGGER source_tallies_stance_insert AFTER INSERT ON stances
BEGIN
    INSERT INTO source_tallies (source_id, stances, actors, plans, provisions)
    VALUES (coalesce(NEW.relays_source_id, NEW.source_id), 1, 1, 1, 0)
    ON CONFLICT (source_id) DO UPDATE SET
        stances = stances + 1,
        actors = actors + NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = excluded.source_id
              AND x.actor_id = NEW.actor_id AND x.id <> NEW.id),
        plans = plans + NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = excluded.source_id
              AND x.plan_id = NEW.plan_id AND x.id <> NEW.id);
END;

CREATE TRIGGER source_tallies_stance_delete AFTER DELETE ON stances
BEGIN
    UPDATE source_tallies SET
        stances = stances - 1,
        actors = actors - NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = source_tallies.source_id
              AND x.actor_id = OLD.actor_id),
        plans = plans - NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = source_tallies.source_id
              AND x.plan_id = OLD.plan_id)
    WHERE source_id = coalesce(OLD.relays_source_id, OLD.source_id);
    DELETE FROM source_tallies
    WHERE source_id = coalesce(OLD.relays_source_id, OLD.source_id)
      AND stances = 0 AND provisions = 0;
END;

-- An update: the old row out, then the new row in, each asking about the other rows.
CREATE TRIGGER source_tallies_stance_update
AFTER UPDATE OF id, source_id, relays_source_id, actor_id, plan_id ON stances
WHEN coalesce(OLD.relays_source_id, OLD.source_id) <> coalesce(NEW.relays_source_id, NEW.source_id)
  OR OLD.actor_id <> NEW.actor_id OR OLD.plan_id <> NEW.plan_id
BEGIN
    UPDATE source_tallies SET
        stances = stances - 1,
        actors = actors - NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = source_tallies.source_id
              AND x.actor_id = OLD.actor_id AND x.id <> NEW.id),
        plans = plans - NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = source_tallies.source_id
              AND x.plan_id = OLD.plan_id AND x.id <> NEW.id)
    WHERE source_id = coalesce(OLD.relays_source_id, OLD.source_id);
    INSERT INTO source_tallies (source_id, stances, actors, plans, provisions)
    VALUES (coalesce(NEW.relays_source_id, NEW.source_id), 1, 1, 1, 0)
    ON CONFLICT (source_id) DO UPDATE SET
        stances = stances + 1,
        actors = actors + NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = excluded.source_id
              AND x.actor_id = NEW.actor_id AND x.id <> NEW.id),
        plans = plans + NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = excluded.source_id
              AND x.plan_id = NEW.plan_id AND x.id <> NEW.id);
    DELETE FROM source_tallies
    WHERE source_id = coalesce(OLD.relays_source_id, OLD.source_id)
      AND stances = 0 AND provisions = 0;
END;

-- Provisions: the targets of a source's statements (the plan as a whole, 0, is not one).
CREATE TRIGGER source_tallies_target_insert AFTER INSERT ON target_stances
WHEN NEW.provision_id <> 0
BEGIN
    INSERT INTO source_tallies (source_id, stances, actors, plans, provisions)
    VALUES (NEW.origin_id, 0, 0, 0, 1)
    ON CONFLICT (source_id) DO UPDATE SET
        provisions = provisions + NOT EXISTS (
            SELECT 1 FROM target_stances t
            WHERE t.origin_id = excluded.source_id AND t.provision_id = NEW.provision_id
              AND t.stance_id <> NEW.stance_id);
END;

CREATE TRIGGER source_tallies_target_delete AFTER DELETE ON target_stances
WHEN OLD.provision_id <> 0
BEGIN
    UPDATE source_tallies SET
        provisions = provisions - NOT EXISTS (
            SELECT 1 FROM target_stances t
            WHERE t.origin_id = source_tallies.source_id AND t.provision_id = OLD.provision_id)
    WHERE source_id = OLD.origin_id;
    DELETE FROM source_tallies
    WHERE source_id = OLD.origin_id AND stances = 0 AND provisions = 0;
END;

CREATE TRIGGER source_tallies_target_update AFTER UPDATE ON target_stances
WHEN OLD.origin_id <> NEW.origin_id OR OLD.provision_id <> NEW.provision_id
BEGIN
    UPDATE source_tallies SET
        provisions = provisions - NOT EXISTS (
            SELECT 1 FROM target_stances t
            WHERE t.origin_id = source_tallies.source_id AND t.provision_id = OLD.provision_id
              AND NOT (t.stance_id = NEW.stance_id AND t.provision_id = NEW.provision_id))
    WHERE source_id = OLD.origin_id AND OLD.provision_id <> 0;
    INSERT INTO source_tallies (source_id, stances, actors, plans, provisions)
    SELECT NEW.origin_id, 0, 0, 0, 1 WHERE NEW.provision_id <> 0
    ON CONFLICT (source_id) DO UPDATE SET
        provisions = provisions + NOT EXISTS (
            SELECT 1 FROM target_stances t
            WHERE t.origin_id = excluded.source_id AND t.provision_id = NEW.provision_id
              AND NOT (t.stance_id = NEW.stance_id AND t.provision_id = NEW.provision_id));
    DELETE FROM source_tallies
    WHERE source_id = OLD.origin_id AND stances = 0 AND provisions = 0;
END;

-- The report: without a filter, each source's row of source_tallies; with one, the
-- counts over the known stances the filter keeps, as before. Each branch gives a source
-- id and its counts; the source's own columns are joined once, outside.
DROP VIEW report_sources;
CREATE VIEW report_sources AS
SELECT s.key AS source, s.outlet,
       CASE s.published_precision WHEN 'year' THEN substr(s.published_on, 1, 4)
            WHEN 'month' THEN substr(s.published_on, 1, 7) ELSE s.published_on END
           AS published_on,
       s.published_inferred, s.kind, n.stances, n.provisions, n.actors, n.plans,
       (SELECT count(*) FROM stances r INDEXED BY stances_relayed
        WHERE r.relays_source_id IS NOT NULL AND r.source_id = s.id) AS relayed
FROM (SELECT s.id AS source_id, coalesce(t.stances, 0) AS stances,
             coalesce(t.provisions, 0) AS provisions, coalesce(t.actors, 0) AS actors,
             coalesce(t.plans, 0) AS plans
      FROM report_parameters p
      CROSS JOIN sources s
      LEFT JOIN source_tallies t ON t.source_id = s.id
      WHERE p.actor_id IS NULL AND p.as_of IS NULL AND p.plan_id IS NULL
        AND p.category IS NULL AND p.provision_id IS NULL AND p.kind IS NULL
        AND p.group_tag IS NULL
      UNION ALL
      SELECT k.origin_id, count(DISTINCT k.stance_id),
             count(DISTINCT CASE WHEN k.provision_id <> 0 THEN k.provision_id END),
             count(DISTINCT k.actor_id), count(DISTINCT k.plan_id)
      FROM report_parameters p
      CROSS JOIN known_stances k
      WHERE NOT (p.actor_id IS NULL AND p.as_of IS NULL AND p.plan_id IS NULL
                 AND p.category IS NULL AND p.provision_id IS NULL AND p.kind IS NULL
                 AND p.group_tag IS NULL)
        AND (p.kind IS NULL OR k.kind = p.kind)
      GROUP BY k.origin_id) n
JOIN sources s ON s.id = n.source_id
CROSS JOIN report_parameters q
WHERE q.as_of IS NULL OR s.published_on <= q.as_of
ORDER BY s.published_on, s.key;
