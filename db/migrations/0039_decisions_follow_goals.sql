-- A conference decision that created a goal is done once the goal is
-- achieved (issue 23, item 2): the action items show no work that is
-- finished.  Whoever achieves the goal sees its plan, and so the decision
-- (both are plan data of the same case); the decision's event is
-- appended here, as the goal's route does not know of it.
CREATE FUNCTION lotse_goal_achieved_closes_decisions() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (UPDATE conference_decisions SET status = 'done', version = version + 1, updated_at = now()
              WHERE goal_id = NEW.id AND status = 'open' RETURNING id, network_id, case_id)
  INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, actor_agency, case_id)
  SELECT d.network_id, 'decision.updated', 'decision', d.id::text,
         coalesce(nullif(current_setting('lotse.sub', true), ''), 'goal'), lotse_agency(), d.case_id FROM d;
  RETURN NULL;
END $$;
CREATE TRIGGER goals_achieved_close_decisions AFTER UPDATE OF status ON goals
  FOR EACH ROW WHEN (NEW.status = 'achieved' AND OLD.status <> 'achieved')
  EXECUTE FUNCTION lotse_goal_achieved_closes_decisions();
