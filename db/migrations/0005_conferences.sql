-- 0005_conferences: case conferences (Fallkonferenzen) with participants,
-- minutes, decisions (action items) and the record of late corrections.

CREATE TABLE conferences (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id           uuid NOT NULL REFERENCES networks(id),
  case_id              uuid NOT NULL,
  organiser_agency_id  uuid NOT NULL,
  starts_at            timestamptz NOT NULL,
  ends_at              timestamptz NOT NULL CHECK (ends_at > starts_at),
  place                text,
  online_url           text,
  agenda               text,
  person_attends       boolean NOT NULL DEFAULT false,
  interpreter_language text CHECK (interpreter_language ~ '^[a-z]{2}$'),
  status               text NOT NULL DEFAULT 'scheduled'
                       CHECK (status IN ('scheduled', 'held', 'cancelled')),
  cancel_reason        text,
  sequence             integer NOT NULL DEFAULT 0,
  minutes              text,
  held_at              timestamptz,
  created_by           text NOT NULL,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (network_id, id),
  FOREIGN KEY (network_id, case_id) REFERENCES cases(network_id, id),
  FOREIGN KEY (network_id, organiser_agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX conferences_case ON conferences (case_id);
CREATE INDEX conferences_time ON conferences (network_id, starts_at);

CREATE TABLE conference_participants (
  conference_id uuid NOT NULL REFERENCES conferences(id),
  network_id    uuid NOT NULL,
  agency_id     uuid NOT NULL,
  role          text NOT NULL CHECK (role IN ('chair', 'minute_taker', 'participant')),
  answer        text NOT NULL DEFAULT 'pending' CHECK (answer IN ('pending', 'confirmed', 'declined')),
  answer_note   text,
  attended      boolean,
  PRIMARY KEY (conference_id, agency_id),
  FOREIGN KEY (network_id, agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX conference_participants_agency ON conference_participants (agency_id);

CREATE TABLE conference_decisions (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id            uuid NOT NULL,
  conference_id         uuid NOT NULL REFERENCES conferences(id),
  case_id               uuid NOT NULL,
  text                  text,
  responsible_agency_id uuid NOT NULL,
  due_on                date,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
  goal_id               uuid REFERENCES goals(id),
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, responsible_agency_id) REFERENCES agencies(network_id, id)
);
CREATE INDEX conference_decisions_responsible ON conference_decisions (responsible_agency_id, status, due_on);

-- When an agency is busy in a conference: the overlap warnings read this
-- (a time slot of an agency in the network, nothing about the case).
CREATE TABLE conference_slots (
  network_id    uuid NOT NULL,
  conference_id uuid NOT NULL REFERENCES conferences(id),
  agency_id     uuid NOT NULL,
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  PRIMARY KEY (conference_id, agency_id)
);
CREATE INDEX conference_slots_agency ON conference_slots (agency_id, starts_at);

-- Changes to minutes or decisions more than 24 hours after the meeting.
CREATE TABLE conference_corrections (
  id            bigserial PRIMARY KEY,
  network_id    uuid NOT NULL,
  conference_id uuid NOT NULL REFERENCES conferences(id),
  case_id       uuid NOT NULL,
  subject       text NOT NULL,  -- 'minutes' or 'decision:<id>'
  previous      text,
  corrected_at  timestamptz NOT NULL DEFAULT now(),
  corrected_by  text NOT NULL
);

-- Is the caller's agency the organiser of or a participant in conference p_id?
CREATE FUNCTION lotse_takes_part(p_id uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM conference_participants p
                  WHERE p.conference_id = p_id AND p.agency_id = lotse_agency())
      OR EXISTS (SELECT 1 FROM conferences c
                  WHERE c.id = p_id AND c.organiser_agency_id = lotse_agency())
$$;

ALTER TABLE conference_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE conference_participants FORCE ROW LEVEL SECURITY;
CREATE POLICY conference_participants_tenant ON conference_participants
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE conferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE conferences FORCE ROW LEVEL SECURITY;
CREATE POLICY conferences_taking_part ON conferences
  USING (network_id = lotse_network()
         AND (organiser_agency_id = lotse_agency()
              OR EXISTS (SELECT 1 FROM conference_participants p
                          WHERE p.conference_id = conferences.id AND p.agency_id = lotse_agency())))
  WITH CHECK (network_id = lotse_network());

ALTER TABLE conference_slots ENABLE ROW LEVEL SECURITY;
ALTER TABLE conference_slots FORCE ROW LEVEL SECURITY;
CREATE POLICY conference_slots_tenant ON conference_slots
  USING (network_id = lotse_network()) WITH CHECK (network_id = lotse_network());

ALTER TABLE conference_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE conference_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY conference_decisions_plan ON conference_decisions
  USING (network_id = lotse_network() AND lotse_sees(case_id, 'plan'))
  WITH CHECK (network_id = lotse_network() AND lotse_sees(case_id, 'plan'));

ALTER TABLE conference_corrections ENABLE ROW LEVEL SECURITY;
ALTER TABLE conference_corrections FORCE ROW LEVEL SECURITY;
CREATE POLICY conference_corrections_tenant ON conference_corrections
  USING (network_id = lotse_network() AND lotse_takes_part(conference_id))
  WITH CHECK (network_id = lotse_network());

GRANT EXECUTE ON FUNCTION lotse_takes_part(uuid) TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON conferences, conference_participants, conference_decisions
  TO lotse_app;
GRANT SELECT, INSERT ON conference_corrections TO lotse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON conference_slots TO lotse_app;
GRANT USAGE ON SEQUENCE conference_corrections_id_seq TO lotse_app;
