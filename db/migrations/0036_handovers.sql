-- Moving to another network (issue 22, item 4): the only sanctioned
-- crossing between networks.
--
-- A consent may name a receiving network (and optionally one agency
-- there) instead of a recipient in the case's own network.  Such a consent
-- lets no one see the case: lotse_consent_in_force() asks for the
-- recipient agency or the whole network, and it names neither.  It only
-- lets the lead agency offer a handover: a copy of the case in the
-- consent's categories (the record), taken when offered.  The receiving
-- side (the named agency, or any agency of the named network) sees the
-- pending handover with that record and nothing else of the source
-- network, accepts it (a new case in its network, led by the accepting
-- agency) or declines it with a reason.  Once decided or withdrawn the
-- record is erased: it has become the new case, or it is no longer
-- anyone's business.  A handover consent covers identity (a person moves,
-- not an anonymous file); journal notes never move (the notes of one
-- network's staff stay there).
--
-- What one side does reaches the other by construction: the triggers
-- below append the other network's event for every offer and every
-- change of state, close the source case as moved_away on acceptance,
-- and withdraw pending handovers when their consent is revoked (or, by
-- lotse maintenance, expires) or their case is closed or anonymized;
-- lotse_handover_audit() writes, into the source network's audit log,
-- every access of the receiving side to a handover (so the Art. 15
-- export of the source case names the recipients).  Those functions
-- step into the other network for their one statement each and back.

ALTER TABLE consents ADD COLUMN receiving_network_id uuid REFERENCES networks (id),
                     ADD COLUMN receiving_agency_id uuid;
ALTER TABLE consents ADD CONSTRAINT consents_receiving_agency
  FOREIGN KEY (receiving_network_id, receiving_agency_id) REFERENCES agencies (network_id, id);
ALTER TABLE consents DROP CONSTRAINT consents_check;
ALTER TABLE consents ADD CONSTRAINT consents_one_recipient CHECK (CASE
  WHEN receiving_network_id IS NULL
  THEN receiving_agency_id IS NULL AND whole_network = (recipient_agency_id IS NULL)
  ELSE recipient_agency_id IS NULL AND NOT whole_network AND receiving_network_id <> network_id
       AND 'identity' = ANY (categories) AND NOT 'journal' = ANY (categories) END);

CREATE TABLE handovers (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id         uuid NOT NULL REFERENCES networks (id),   -- the source network
  case_id            uuid NOT NULL,                            -- the source case
  agency_id          uuid NOT NULL,                            -- the agency that offered it
  consent_id         uuid NOT NULL REFERENCES consents (id),
  target_network_id  uuid NOT NULL REFERENCES networks (id),
  target_agency_id   uuid,         -- the named agency; the deciding one once decided
  categories         text[] NOT NULL,
  record             jsonb,        -- the case in those categories while pending
  consent_until      timestamptz,  -- the consent's validity when offered
  status             text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
  reason             text CHECK (length(reason) BETWEEN 1 AND 1000),
  target_case_id     uuid,
  offered_by         text NOT NULL,
  decided_by         text,
  decided_at         timestamptz,
  record_key         bigint NOT NULL DEFAULT lotse_record_key(),
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies (network_id, id),
  FOREIGN KEY (target_network_id, target_agency_id) REFERENCES agencies (network_id, id),
  FOREIGN KEY (target_network_id, target_case_id) REFERENCES cases (network_id, id),
  CHECK (target_network_id <> network_id),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'accepted') = (target_case_id IS NOT NULL)),
  CHECK (status = 'pending' OR record IS NULL),
  CHECK (status NOT IN ('accepted', 'declined') OR target_agency_id IS NOT NULL)
);
CREATE UNIQUE INDEX handovers_one_pending ON handovers (case_id) WHERE status = 'pending';
CREATE INDEX handovers_consent ON handovers (consent_id) WHERE status = 'pending';
CREATE INDEX handovers_source ON handovers (network_id, created_at, id);
CREATE INDEX handovers_target ON handovers (target_network_id, created_at, id);
CREATE INDEX handovers_source_decided ON handovers (network_id, decided_at) WHERE status = 'accepted';
CREATE INDEX handovers_target_decided ON handovers (target_network_id, decided_at) WHERE status = 'accepted';

-- The side of handover h the caller is on: 'source' (its agency leads the
-- source case), 'target' (its agency is named, or any agency of the named
-- network while none is; a pending handover whose consent has expired is
-- no one's on that side: lotse maintenance withdraws it), or NULL.
CREATE FUNCTION lotse_handover_side(h handovers) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN h.network_id = lotse_network()
         AND EXISTS (SELECT 1 FROM cases c WHERE c.id = h.case_id AND c.lead_agency_id = lotse_agency())
      THEN 'source'
    WHEN h.target_network_id = lotse_network() AND lotse_agency() IS NOT NULL
         AND (h.target_agency_id IS NULL OR h.target_agency_id = lotse_agency())
         AND (h.status <> 'pending' OR h.consent_until IS NULL OR h.consent_until > now())
      THEN 'target' END
$$;

ALTER TABLE handovers ENABLE ROW LEVEL SECURITY;
ALTER TABLE handovers FORCE ROW LEVEL SECURITY;
CREATE POLICY handovers_parties ON handovers
  USING (lotse_handover_side(handovers) IS NOT NULL)
  WITH CHECK (lotse_handover_side(handovers) IS NOT NULL);
CREATE POLICY handovers_statistics ON handovers FOR SELECT
  USING (lotse_network() IN (network_id, target_network_id)
         AND current_setting('lotse.statistics', true) = 'on');
DO $$
BEGIN
  -- as in migration 0016: the owner's anonymization and export of a source case
  EXECUTE format('CREATE POLICY whole_case ON handovers TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
  -- the functions below read the handover, the source case it closes and the
  -- networks and agencies it names as the owner (organisational rows)
  EXECUTE format('CREATE POLICY owner_reads ON handovers FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY owner_reads ON networks FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY owner_reads ON agencies FOR SELECT TO %I USING (true)', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE ON handovers TO lotse_app;

INSERT INTO data_map_tables VALUES ('handovers', 'case_id = $1');
INSERT INTO data_map VALUES
  ('consents', 'receiving_network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'receiving_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'consent_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'target_network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'target_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'categories', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'record', 'identity', 'structured', 'erase', NULL, 'handovers', false),
  ('handovers', 'consent_until', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'reason', 'identity', 'free_text', 'erase', NULL, 'handovers', false),
  ('handovers', 'target_case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'offered_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('handovers', 'decided_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('handovers', 'decided_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'record_key', 'none', 'none', 'keep', NULL, NULL, false),
  ('handovers', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('handovers', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true);

-- Runs p_sql (with $1 = p_arg) as network p_network and agency p_agency,
-- then returns to the caller's context.  Only the definer functions of
-- this migration call it; it is not granted to the service.
CREATE FUNCTION lotse_as_network(p_network uuid, p_agency uuid, p_sql text, p_arg uuid) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  v_network text := current_setting('lotse.network_id', true);
  v_agency text := current_setting('lotse.agency_id', true);
BEGIN
  PERFORM set_config('lotse.network_id', p_network::text, true),
          set_config('lotse.agency_id', coalesce(p_agency::text, ''), true);
  EXECUTE p_sql USING p_arg;
  PERFORM set_config('lotse.network_id', coalesce(v_network, ''), true),
          set_config('lotse.agency_id', coalesce(v_agency, ''), true);
END $$;
REVOKE ALL ON FUNCTION lotse_as_network(uuid, uuid, text, uuid) FROM PUBLIC;

-- The other side hears of every offer and change of state: its network
-- gets the event (handover.offered, .accepted, .declined, .withdrawn);
-- on acceptance the source case closes as moved_away (with its event).
CREATE FUNCTION lotse_handover_notify() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_type text := 'handover.' || CASE WHEN TG_OP = 'INSERT' THEN 'offered' ELSE NEW.status END;
  v_other uuid := CASE WHEN NEW.network_id = lotse_network() THEN NEW.target_network_id ELSE NEW.network_id END;
  v_lead uuid;
  v_actor text := format('%L, %L::uuid', coalesce(nullif(current_setting('lotse.sub', true), ''), 'handover'),
                         lotse_agency());
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  IF v_other = NEW.network_id THEN
    SELECT c.lead_agency_id INTO v_lead FROM cases c WHERE c.id = NEW.case_id;
  END IF;
  IF v_type = 'handover.accepted' THEN
    PERFORM lotse_as_network(v_other, v_lead,
      'UPDATE cases SET status = ''closed'', closure_reason = ''moved_away'', closed_at = now(), '
      'version = version + 1, updated_at = now() WHERE id = $1 AND status <> ''closed''', NEW.case_id);
    PERFORM lotse_as_network(v_other, v_lead,
      'INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, actor_agency, case_id) '
      'SELECT lotse_network(), ''case.status_changed'', ''case'', $1::text, ' || v_actor || ', $1', NEW.case_id);
  END IF;
  PERFORM lotse_as_network(v_other, v_lead, format(
    'INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, actor_agency, case_id) '
    'SELECT lotse_network(), %L, ''handover'', h.id::text, %s, '
    'CASE WHEN h.network_id = lotse_network() THEN h.case_id ELSE h.target_case_id END '
    'FROM handovers h WHERE h.id = $1', v_type, v_actor), NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER handovers_notify AFTER INSERT OR UPDATE OF status ON handovers
  FOR EACH ROW EXECUTE FUNCTION lotse_handover_notify();

-- Withdraws the pending handovers of case p_case (or under consent
-- p_consent) without a request of the source side: the consent revoked or
-- expired, the case closed or anonymized (p_by says which).  Their records
-- are erased; the source network gets its handover.withdrawn here, the
-- receiving one from lotse_handover_notify.  Returns how many.
CREATE FUNCTION lotse_withdraw_handovers(p_case uuid, p_consent uuid, p_by text) RETURNS integer
  LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  WITH w AS (UPDATE handovers SET status = 'withdrawn', record = NULL, decided_at = now(), decided_by = p_by,
                    version = version + 1, updated_at = now()
              WHERE status = 'pending' AND (case_id = p_case OR consent_id = p_consent)
              RETURNING id, network_id, case_id)
  INSERT INTO events (network_id, type, resource_type, resource_id, actor_sub, actor_agency, case_id)
  SELECT w.network_id, 'handover.withdrawn', 'handover', w.id::text,
         coalesce(nullif(current_setting('lotse.sub', true), ''), p_by), lotse_agency(), w.case_id FROM w;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

GRANT EXECUTE ON FUNCTION lotse_withdraw_handovers(uuid, uuid, text) TO lotse_app;

CREATE FUNCTION lotse_consent_withdraws_handovers() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lotse_withdraw_handovers(NULL, NEW.id, 'revocation');
  RETURN NULL;
END $$;
CREATE TRIGGER consents_withdraw_handovers AFTER UPDATE OF revoked_at ON consents
  FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL AND NEW.receiving_network_id IS NOT NULL)
  EXECUTE FUNCTION lotse_consent_withdraws_handovers();

-- A case closed (other than by its acceptance: that handover is no longer
-- pending) or anonymized is handed over no more.
CREATE FUNCTION lotse_case_withdraws_handovers() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lotse_withdraw_handovers(NEW.id, NULL, CASE WHEN NEW.anonymized_at IS NOT NULL THEN 'anonymization'
                                                      ELSE 'closing' END);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_withdraw_handovers AFTER UPDATE OF status, anonymized_at ON cases
  FOR EACH ROW WHEN ((NEW.status = 'closed' AND OLD.status <> 'closed')
                     OR (NEW.anonymized_at IS NOT NULL AND OLD.anonymized_at IS NULL))
  EXECUTE FUNCTION lotse_case_withdraws_handovers();

-- An access of the receiving side to handover p_id, in the source
-- network's audit log (the source case, the handover's categories, the
-- caller); true.  Nothing for the source side's own accesses (the
-- service audits those in its network).
CREATE FUNCTION lotse_handover_audit(p_id uuid, p_action text, p_request text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  h handovers;
BEGIN
  SELECT * INTO h FROM handovers x WHERE x.id = p_id;
  IF FOUND AND h.target_network_id = lotse_network() AND h.record IS NOT NULL THEN
    PERFORM lotse_as_network(h.network_id, lotse_agency(), format(
      'INSERT INTO audit_log (network_id, request_id, actor_sub, actor_agency, action, case_id, '
      'categories, outcome) SELECT lotse_network(), %L, %L, %L::uuid, %L, h.case_id, h.categories, '
      '''success'' FROM handovers h WHERE h.id = $1', p_request, current_setting('lotse.sub', true),
      lotse_agency(), p_action), h.id);
  END IF;
  RETURN true;
END $$;
REVOKE ALL ON FUNCTION lotse_handover_audit(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_handover_audit(uuid, text, text), lotse_handover_side(handovers)
  TO lotse_app;

-- The network of code p_code when it exists, is not the caller's, and
-- has agency p_agency (NULL: any); NULL otherwise.  For naming a receiving
-- network in a consent: a member may read only its own network.
CREATE FUNCTION lotse_receiving_network(p_code text, p_agency uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT n.id FROM networks n WHERE n.code = p_code AND n.id <> lotse_network()
     AND (p_agency IS NULL OR EXISTS (SELECT 1 FROM agencies a
                                      WHERE a.network_id = n.id AND a.id = p_agency))
$$;

-- A network's id, code and name (public: the code names its public offers).
CREATE FUNCTION lotse_network_public(p_network uuid) RETURNS json
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT json_build_object('id', n.id, 'code', n.code, 'name', n.name) FROM networks n
   WHERE n.id = p_network
$$;
-- An agency's name, whichever network it is of: the Art. 15 export names
-- the receiving agency of a handover among the recipients.
CREATE FUNCTION lotse_agency_name(p_agency uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.name FROM agencies a WHERE a.id = p_agency
$$;
REVOKE ALL ON FUNCTION lotse_receiving_network(text, uuid), lotse_network_public(uuid),
  lotse_agency_name(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_receiving_network(text, uuid), lotse_network_public(uuid),
  lotse_agency_name(uuid) TO lotse_app;

-- Moves in and out count people: each acceptance marks its day in both networks.
CREATE FUNCTION lotse_handover_stat_mark() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO stat_dirty SELECT n, lotse_day(NEW.decided_at)
    FROM unnest(ARRAY[NEW.network_id, NEW.target_network_id]) n;
  RETURN NULL;
END $$;
CREATE TRIGGER handovers_stat_mark AFTER UPDATE OF status ON handovers
  FOR EACH ROW WHEN (NEW.status = 'accepted' AND OLD.status <> 'accepted')
  EXECUTE FUNCTION lotse_handover_stat_mark();

-- rebuilt with the moves on each network's next statistics call
TRUNCATE stat_days, stat_state, stat_dirty;
