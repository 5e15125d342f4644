-- provtrack schema, level 12: source_tallies' counting rule written once.
--
-- Level 11 kept each source's tallies with six triggers that spelled the rule out
-- again and again: "a statement (a target row) added counts its actor, plan
-- (provision) only if no OTHER statement of the source names it; one removed uncounts
-- it only if no other does". An update trigger held an insert's and a delete's copy.
-- Here the rule is the one trigger of the view `source_tally_moves`: a row inserted
-- into it is one statement (provision_id NULL) or one target row (a provision id)
-- added to (+1) or removed from (-1) a source's tallies, and `stance_id` is the row
-- that is not "other" (for an update, its NEW id: the row already holds the new
-- values). The six triggers on stances and target_stances (same names, so a bulk
-- import still drops and restores them together) only say what moved.

DROP TRIGGER source_tallies_stance_insert;
DROP TRIGGER source_tallies_stance_delete;
DROP TRIGGER source_tallies_stance_update;
DROP TRIGGER source_tallies_target_insert;
DROP TRIGGER source_tallies_target_delete;
DROP TRIGGER source_tallies_target_update;

CREATE VIEW source_tally_moves AS
SELECT NULL AS source_id, NULL AS stance_id, NULL AS actor_id, NULL AS plan_id,
       NULL AS provision_id, NULL AS sign
WHERE 0;

CREATE TRIGGER source_tally_moves_apply INSTEAD OF INSERT ON source_tally_moves
BEGIN
    -- (An update inserts its old row's move, then its new row's.)
    -- A statement added.
    INSERT INTO source_tallies (source_id, stances, actors, plans, provisions)
    SELECT NEW.source_id, 1, 1, 1, 0
    WHERE NEW.provision_id IS NULL AND NEW.sign = 1
    ON CONFLICT (source_id) DO UPDATE SET
        stances = stances + 1,
        actors = actors + NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = NEW.source_id
              AND x.actor_id = NEW.actor_id AND x.id <> NEW.stance_id),
        plans = plans + NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = NEW.source_id
              AND x.plan_id = NEW.plan_id AND x.id <> NEW.stance_id);
    -- A statement removed.
    UPDATE source_tallies SET
        stances = stances - 1,
        actors = actors - NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = NEW.source_id
              AND x.actor_id = NEW.actor_id AND x.id <> NEW.stance_id),
        plans = plans - NOT EXISTS (
            SELECT 1 FROM stances x
            WHERE coalesce(x.relays_source_id, x.source_id) = NEW.source_id
              AND x.plan_id = NEW.plan_id AND x.id <> NEW.stance_id)
    WHERE source_id = NEW.source_id AND NEW.provision_id IS NULL AND NEW.sign = -1;
    -- A target row added or removed: a provision (the plan as a whole, 0, is not one).
    INSERT INTO source_tallies (source_id, stances, actors, plans, provisions)
    SELECT NEW.source_id, 0, 0, 0, 1
    WHERE NEW.provision_id <> 0 AND NEW.sign = 1
    ON CONFLICT (source_id) DO UPDATE SET
        provisions = provisions + NOT EXISTS (
            SELECT 1 FROM target_stances t
            WHERE t.origin_id = NEW.source_id AND t.provision_id = NEW.provision_id
              AND t.stance_id <> NEW.stance_id);
    UPDATE source_tallies SET
        provisions = provisions - NOT EXISTS (
            SELECT 1 FROM target_stances t
            WHERE t.origin_id = NEW.source_id AND t.provision_id = NEW.provision_id
              AND t.stance_id <> NEW.stance_id)
    WHERE source_id = NEW.source_id AND NEW.provision_id <> 0 AND NEW.sign = -1;
    -- A source that is the origin of nothing has no row.
    DELETE FROM source_tallies
    WHERE source_id = NEW.source_id AND stances = 0 AND provisions = 0;
END;

CREATE TRIGGER source_tallies_stance_insert AFTER INSERT ON stances
BEGIN
    INSERT INTO source_tally_moves
    VALUES (coalesce(NEW.relays_source_id, NEW.source_id), NEW.id, NEW.actor_id,
            NEW.plan_id, NULL, 1);
END;
CREATE TRIGGER source_tallies_stance_delete AFTER DELETE ON stances
BEGIN
    INSERT INTO source_tally_moves
    VALUES (coalesce(OLD.relays_source_id, OLD.source_id), OLD.id, OLD.actor_id,
            OLD.plan_id, NULL, -1);
END;
CREATE TRIGGER source_tallies_stance_update
AFTER UPDATE OF id, source_id, relays_source_id, actor_id, plan_id ON stances
WHEN coalesce(OLD.relays_source_id, OLD.source_id) <> coalesce(NEW.relays_source_id, NEW.source_id)
  OR OLD.actor_id <> NEW.actor_id OR OLD.plan_id <> NEW.plan_id
BEGIN
    INSERT INTO source_tally_moves
    VALUES (coalesce(OLD.relays_source_id, OLD.source_id), NEW.id, OLD.actor_id,
            OLD.plan_id, NULL, -1);
    INSERT INTO source_tally_moves
    VALUES (coalesce(NEW.relays_source_id, NEW.source_id), NEW.id, NEW.actor_id,
            NEW.plan_id, NULL, 1);
END;
CREATE TRIGGER source_tallies_target_insert AFTER INSERT ON target_stances
BEGIN
    INSERT INTO source_tally_moves
    VALUES (NEW.origin_id, NEW.stance_id, NULL, NULL, NEW.provision_id, 1);
END;
CREATE TRIGGER source_tallies_target_delete AFTER DELETE ON target_stances
BEGIN
    INSERT INTO source_tally_moves
    VALUES (OLD.origin_id, OLD.stance_id, NULL, NULL, OLD.provision_id, -1);
END;
CREATE TRIGGER source_tallies_target_update AFTER UPDATE ON target_stances
WHEN OLD.origin_id <> NEW.origin_id OR OLD.provision_id <> NEW.provision_id
BEGIN
    INSERT INTO source_tally_moves
    VALUES (OLD.origin_id, NEW.stance_id, NULL, NULL, OLD.provision_id, -1);
    INSERT INTO source_tally_moves
    VALUES (NEW.origin_id, NEW.stance_id, NULL, NULL, NEW.provision_id, 1);
END;
