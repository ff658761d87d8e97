-- The deadlines read model shows the holds in force (hold id to kind, as the nominations list
-- keeps them) and the day the stage's clock stopped, and moves a stage's due date when its last
-- hold is lifted. Held stages are listed as overdue only if they were late when their clock stopped.
ALTER TABLE projection_deadlines.open_stages
    ADD COLUMN holds jsonb NOT NULL DEFAULT '{}',
    -- NULL while no hold is in force.
    ADD COLUMN on_hold_since date;

-- The rows written before this release never looked at hold events, so the holds in force are
-- not in them: the read model is emptied and its checkpoint set back to the start of the log,
-- and the projection runners fill it again from the log, as a rebuild would. Until they have
-- caught up, the deadlines report lists only some of the open stages (see docs/operations.md).
DELETE FROM projection_deadlines.open_stages;
UPDATE laurel_projection_checkpoints SET transaction_id = 0, position = 0, events_applied = 0, updated_at = now()
WHERE name = 'deadlines';
