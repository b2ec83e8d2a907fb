-- The personal-data map (issue 19): one declaration of every column of
-- every table, what it holds and what happens to it.
--
-- data_map has a row for each column of each table of the schema (a test
-- compares it with information_schema both ways, so a column added without
-- a row fails the suite):
--   category        identity, residence, potential, plan, journal: the
--                   person's data of that consent category; case: facts
--                   about the case shown to whoever sees it; staff: the
--                   people and systems doing the work (accountability);
--                   none: not personal (ids, times, organisational data)
--   kind            identifier, quasi_identifier, free_text, structured
--   anonymize       erase (to rule: NULL when rule is NULL), generalize
--                   (rule says to what; lotse_generalize applies it), keep
--   export_section  where the Art. 15 export shows it (NULL: not exported:
--                   technical copies such as idempotency records)
--   in_feeds        whether the event feed, webhooks or calendar feeds may
--                   carry it
-- data_map_tables says for each table which rows belong to one case ($1):
-- the rows anonymization touches and the export reads.
CREATE TABLE data_map_tables (
  table_name text PRIMARY KEY,
  case_rows  text
);

CREATE TABLE data_map (
  table_name     text NOT NULL REFERENCES data_map_tables,
  column_name    text NOT NULL,
  category       text NOT NULL CHECK (category IN ('identity', 'residence', 'potential', 'plan',
                                                   'journal', 'case', 'staff', 'none')),
  kind           text NOT NULL CHECK (kind IN ('identifier', 'quasi_identifier', 'free_text',
                                               'structured', 'none')),
  anonymize      text NOT NULL CHECK (anonymize IN ('erase', 'generalize', 'keep')),
  rule           text,
  export_section text,
  in_feeds       boolean NOT NULL,
  PRIMARY KEY (table_name, column_name),
  CHECK (category <> 'none' OR (kind = 'none' AND anonymize = 'keep')),
  CHECK (anonymize <> 'generalize' OR rule IS NOT NULL)
);

-- how far an anonymized case's quasi-identifiers are generalized (0-5, see lotse_generalize)
ALTER TABLE cases ADD COLUMN generalization smallint CHECK (generalization BETWEEN 0 AND 5);

INSERT INTO data_map_tables (table_name, case_rows) VALUES
  ('agreements', NULL),
  ('consents', 'case_id = $1'),
  ('agencies', NULL),
  ('agreement_parties', NULL),
  ('api_clients', NULL),
  ('audit_log', 'case_id = $1 OR $1 = ANY (case_ids)'),
  ('barrier_codes', NULL),
  ('barriers', 'case_id = $1'),
  ('case_counters', NULL),
  ('cases', 'id = $1'),
  ('conference_corrections', 'case_id = $1'),
  ('conference_decisions', 'case_id = $1'),
  ('conference_participants', 'conference_id IN (SELECT c.id FROM conferences c WHERE c.case_id = $1)'),
  ('conference_slots', 'conference_id IN (SELECT c.id FROM conferences c WHERE c.case_id = $1)'),
  ('conferences', 'case_id = $1'),
  ('countries', NULL),
  ('events', 'case_id = $1'),
  ('gap_measures', NULL),
  ('gaps', NULL),
  ('goals', 'case_id = $1'),
  ('idempotency_keys', 'case_id = $1 OR strpos(body, $1::text) > 0 OR strpos(location, $1::text) > 0'),
  ('journal_entries', 'case_id = $1'),
  ('journal_revisions', 'case_id = $1'),
  ('languages', NULL),
  ('municipalities', NULL),
  ('networks', NULL),
  ('offers', NULL),
  ('potential_analyses', 'case_id = $1'),
  ('referrals', 'case_id = $1'),
  ('schema_migrations', NULL),
  ('stat_days', NULL),
  ('stat_dirty', NULL),
  ('stat_state', NULL),
  ('webhook_attempts', NULL),
  ('webhook_deliveries', 'event_id IN (SELECT e.id FROM events e WHERE e.case_id = $1)'),
  ('webhook_subscriptions', NULL);

INSERT INTO data_map (table_name, column_name, category, kind, anonymize, rule, export_section, in_feeds) VALUES
  ('agreements', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'title', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'fields_of_action', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'data_categories', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'response_days', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'valid_from', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'valid_until', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'text', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'document_url', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'activated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'terminated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'termination_reason', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'supersedes_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'created_by_agency', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('agreements', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('agreements', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreements', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'recipient_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'whole_network', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'categories', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'purpose', 'identity', 'free_text', 'erase', '(anonymized)', 'consents', false),
  ('consents', 'legal_basis', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'legal_reference', 'identity', 'free_text', 'erase', NULL, 'consents', false),
  ('consents', 'form_reference', 'identity', 'identifier', 'erase', NULL, 'consents', false),
  ('consents', 'valid_from', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'valid_until', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'granted_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('consents', 'revoked_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'revoked_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('consents', 'revocation_reason', 'identity', 'free_text', 'erase', NULL, 'consents', false),
  ('consents', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('consents', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'kind', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'municipality_ags', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'email', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'phone', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'address', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'active', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agencies', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreement_parties', 'agreement_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreement_parties', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreement_parties', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreement_parties', 'contact_name', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('agreement_parties', 'contact_email', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('agreement_parties', 'signed_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('agreement_parties', 'signed_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('api_clients', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'client_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'roles', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'secret_hash', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'secret_rotated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'revoked_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'created_by', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('api_clients', 'secret_generation', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'at', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'request_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'actor_sub', 'staff', 'identifier', 'keep', NULL, NULL, true),
  ('audit_log', 'actor_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'actor_client', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'action', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'case_ids', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'categories', 'none', 'none', 'keep', NULL, NULL, true),
  ('audit_log', 'outcome', 'none', 'none', 'keep', NULL, NULL, true),
  ('barrier_codes', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('barrier_codes', 'code', 'none', 'none', 'keep', NULL, NULL, true),
  ('barrier_codes', 'label_de', 'none', 'none', 'keep', NULL, NULL, true),
  ('barrier_codes', 'label_en', 'none', 'none', 'keep', NULL, NULL, true),
  ('barrier_codes', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'referral_id', 'plan', 'structured', 'keep', NULL, 'barriers', false),
  ('barriers', 'code', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'field_of_action', 'plan', 'structured', 'keep', NULL, 'barriers', false),
  ('barriers', 'concerned_agency_id', 'plan', 'structured', 'keep', NULL, 'barriers', false),
  ('barriers', 'offer_id', 'plan', 'structured', 'keep', NULL, 'barriers', false),
  ('barriers', 'municipality_ags', 'residence', 'quasi_identifier', 'erase', NULL, 'barriers', false),
  ('barriers', 'text', 'journal', 'free_text', 'erase', NULL, 'barriers', false),
  ('barriers', 'source', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'reported_by_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('barriers', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('barriers', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('case_counters', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('case_counters', 'year', 'none', 'none', 'keep', NULL, NULL, true),
  ('case_counters', 'last_value', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'reference', 'case', 'identifier', 'generalize', 'a new random reference that cannot be linked to the old one', 'case', true),
  ('cases', 'lead_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'case_manager', 'staff', 'identifier', 'erase', NULL, 'case', false),
  ('cases', 'status', 'case', 'structured', 'keep', NULL, 'case', true),
  ('cases', 'closure_reason', 'case', 'structured', 'keep', NULL, 'case', false),
  ('cases', 'closed_at', 'case', 'structured', 'keep', NULL, 'case', false),
  ('cases', 'target_group', 'residence', 'quasi_identifier', 'generalize', 'other, when needed for k', 'case', false),
  ('cases', 'fields_of_action', 'plan', 'structured', 'keep', NULL, 'case', false),
  ('cases', 'first_name', 'identity', 'identifier', 'erase', NULL, 'person', false),
  ('cases', 'last_name', 'identity', 'identifier', 'erase', NULL, 'person', false),
  ('cases', 'birth_date', 'identity', 'identifier', 'erase', NULL, 'person', false),
  ('cases', 'birth_year', 'identity', 'quasi_identifier', 'generalize', 'five-year band, then ten-year band, then none', 'person', false),
  ('cases', 'gender', 'identity', 'quasi_identifier', 'generalize', 'none, when needed for k', 'person', false),
  ('cases', 'nationality', 'identity', 'quasi_identifier', 'generalize', 'none, when needed for k', 'person', false),
  ('cases', 'languages', 'identity', 'quasi_identifier', 'erase', '[]', 'person', false),
  ('cases', 'phone', 'identity', 'identifier', 'erase', NULL, 'person', false),
  ('cases', 'email', 'identity', 'identifier', 'erase', NULL, 'person', false),
  ('cases', 'address', 'identity', 'identifier', 'erase', NULL, 'person', false),
  ('cases', 'residence_status', 'residence', 'quasi_identifier', 'generalize', 'none, when needed for k', 'residence', false),
  ('cases', 'residence_expires_on', 'residence', 'quasi_identifier', 'erase', NULL, 'residence', false),
  ('cases', 'arrival_date', 'residence', 'quasi_identifier', 'generalize', '1 January of its year, then none', 'residence', false),
  ('cases', 'municipality_ags', 'residence', 'quasi_identifier', 'generalize', 'the Kreis (the network: none), when needed for k', 'residence', false),
  ('cases', 'accommodation', 'residence', 'quasi_identifier', 'generalize', 'none, when needed for k', 'residence', false),
  ('cases', 'anonymized_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('cases', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('cases', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'conference_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'subject', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'previous', 'journal', 'free_text', 'erase', NULL, 'conferences', false),
  ('conference_corrections', 'corrected_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_corrections', 'corrected_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('conference_decisions', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'conference_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'text', 'plan', 'free_text', 'erase', NULL, 'conferences', false),
  ('conference_decisions', 'responsible_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'due_on', 'plan', 'structured', 'keep', NULL, 'conferences', false),
  ('conference_decisions', 'status', 'plan', 'structured', 'keep', NULL, 'conferences', false),
  ('conference_decisions', 'goal_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_decisions', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_participants', 'conference_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_participants', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_participants', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_participants', 'role', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_participants', 'answer', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_participants', 'answer_note', 'plan', 'free_text', 'erase', NULL, 'conferences', false),
  ('conference_participants', 'attended', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_slots', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_slots', 'conference_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_slots', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_slots', 'starts_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conference_slots', 'ends_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'organiser_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'starts_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'ends_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'place', 'identity', 'free_text', 'erase', NULL, 'conferences', true),
  ('conferences', 'online_url', 'identity', 'free_text', 'erase', NULL, 'conferences', true),
  ('conferences', 'agenda', 'plan', 'free_text', 'erase', NULL, 'conferences', false),
  ('conferences', 'person_attends', 'plan', 'structured', 'keep', NULL, 'conferences', false),
  ('conferences', 'interpreter_language', 'identity', 'quasi_identifier', 'erase', NULL, 'conferences', false),
  ('conferences', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'cancel_reason', 'plan', 'free_text', 'erase', NULL, 'conferences', false),
  ('conferences', 'sequence', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'minutes', 'journal', 'free_text', 'erase', NULL, 'conferences', false),
  ('conferences', 'held_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('conferences', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('conferences', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('countries', 'code', 'none', 'none', 'keep', NULL, NULL, true),
  ('countries', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'type', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'resource_type', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'resource_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'actor_sub', 'staff', 'identifier', 'keep', NULL, NULL, true),
  ('events', 'actor_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'request_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'txid', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('events', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'gap_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'kind', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'text', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'taken_on', 'none', 'none', 'keep', NULL, NULL, true),
  ('gap_measures', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('gap_measures', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'title', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'description', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'barrier_codes', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'field_of_action', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'municipality_ags', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'assigned_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'assigned_group', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'closing_note', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'closed_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('gaps', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('gaps', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'field_of_action', 'plan', 'structured', 'keep', NULL, 'goals', false),
  ('goals', 'title', 'plan', 'free_text', 'erase', NULL, 'goals', false),
  ('goals', 'description', 'plan', 'free_text', 'erase', NULL, 'goals', false),
  ('goals', 'responsible_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'due_on', 'plan', 'structured', 'keep', NULL, 'goals', false),
  ('goals', 'status', 'plan', 'structured', 'keep', NULL, 'goals', false),
  ('goals', 'achieved_at', 'plan', 'structured', 'keep', NULL, 'goals', false),
  ('goals', 'created_by_agency', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('goals', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('goals', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('goals', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('idempotency_keys', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('idempotency_keys', 'principal', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('idempotency_keys', 'key', 'none', 'none', 'keep', NULL, NULL, true),
  ('idempotency_keys', 'request_hash', 'none', 'none', 'keep', NULL, NULL, true),
  ('idempotency_keys', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('idempotency_keys', 'location', 'case', 'structured', 'erase', NULL, NULL, false),
  ('idempotency_keys', 'etag', 'case', 'structured', 'erase', NULL, NULL, false),
  ('idempotency_keys', 'body', 'identity', 'free_text', 'erase', NULL, NULL, false),
  ('idempotency_keys', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('idempotency_keys', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'author_sub', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('journal_entries', 'occurred_on', 'journal', 'structured', 'keep', NULL, 'journal', false),
  ('journal_entries', 'text', 'journal', 'free_text', 'erase', NULL, 'journal', false),
  ('journal_entries', 'corrected_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_entries', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_revisions', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_revisions', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_revisions', 'entry_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_revisions', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_revisions', 'previous_text', 'journal', 'free_text', 'erase', NULL, 'journal', false),
  ('journal_revisions', 'replaced_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('journal_revisions', 'replaced_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('languages', 'code', 'none', 'none', 'keep', NULL, NULL, true),
  ('languages', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('municipalities', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('municipalities', 'ags', 'none', 'none', 'keep', NULL, NULL, true),
  ('municipalities', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('municipalities', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('municipalities', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('municipalities', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'code', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'state', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'referrals_require_agreement', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('networks', 'referral_response_days', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'title', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'description', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'fields_of_action', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'target_groups', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'languages', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'municipalities', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'address', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'contact_email', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('offers', 'contact_phone', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'cost', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'availability', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'valid_from', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'valid_until', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'published', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'search', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('offers', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'assessed_on', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'isced_level', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'vocational_qualification', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'recognition_status', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'work_experience_years', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'employment_status', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'german_level', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'household_size', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'children_count', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'childcare_needed', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'health_restrictions', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'needs', 'potential', 'structured', 'keep', NULL, 'potential_analyses', false),
  ('potential_analyses', 'notes', 'potential', 'free_text', 'erase', NULL, 'potential_analyses', false),
  ('potential_analyses', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('potential_analyses', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('potential_analyses', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'from_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'to_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'field_of_action', 'plan', 'structured', 'keep', NULL, 'referrals', true),
  ('referrals', 'reason', 'plan', 'free_text', 'erase', NULL, 'referrals', false),
  ('referrals', 'urgency', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'offer_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'agreement_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'requested_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'response_due_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'responded_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'decline_reason', 'plan', 'structured', 'keep', NULL, 'referrals', false),
  ('referrals', 'outcome', 'plan', 'structured', 'keep', NULL, 'referrals', false),
  ('referrals', 'note', 'plan', 'free_text', 'erase', NULL, 'referrals', false),
  ('referrals', 'closed_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('referrals', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('referrals', 'suggested_agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('schema_migrations', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('schema_migrations', 'name', 'none', 'none', 'keep', NULL, NULL, true),
  ('schema_migrations', 'checksum', 'none', 'none', 'keep', NULL, NULL, true),
  ('schema_migrations', 'applied_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_days', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_days', 'day', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_days', 'indicator', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_days', 'breakdown', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_days', 'value', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_days', 'n', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_dirty', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_dirty', 'day', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_state', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('stat_state', 'refreshed_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'delivery_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'attempted_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'status_code', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'duration_ms', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'error', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_attempts', 'instance', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'subscription_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'event_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'payload', 'case', 'structured', 'erase', '{}', NULL, true),
  ('webhook_deliveries', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'attempts', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'next_attempt_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'last_status_code', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'delivered_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_deliveries', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'agency_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'url', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'event_types', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'secret', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'status', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'disabled_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'disabled_reason', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'cursor_txid', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'cursor_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'created_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('webhook_subscriptions', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('webhook_subscriptions', 'updated_at', 'none', 'none', 'keep', NULL, NULL, true);

INSERT INTO data_map_tables VALUES ('data_map', NULL), ('data_map_tables', NULL);
INSERT INTO data_map VALUES
  ('cases', 'generalization', 'none', 'none', 'keep', NULL, NULL, true),
  ('data_map_tables', 'table_name', 'none', 'none', 'keep', NULL, NULL, true),
  ('data_map_tables', 'case_rows', 'none', 'none', 'keep', NULL, NULL, true);
INSERT INTO data_map SELECT 'data_map', c, 'none', 'none', 'keep', NULL, NULL, true
  FROM unnest(ARRAY['table_name', 'column_name', 'category', 'kind', 'anonymize', 'rule',
                    'export_section', 'in_feeds']) AS c;

GRANT SELECT ON data_map, data_map_tables TO lotse_app;

-- Anonymization (and the Art. 15 export, migration 0019) reads every row
-- of one case, also rows the lead agency does not see through the service
-- (conferences it is not invited to, other agencies' idempotency records
-- and webhook deliveries).  They run in SECURITY DEFINER functions as the
-- owner of the tables; these policies let the owner see a network's rows
-- only while lotse.whole_case is set, which only those functions do, after
-- checking that the caller leads the case.
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT table_name FROM data_map_tables WHERE case_rows IS NOT NULL LOOP
    EXECUTE format('CREATE POLICY whole_case ON %I TO %I USING (network_id = lotse_network() '
                   'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')',
                   t, current_user);
  END LOOP;
END $$;

-- Erases what the map says to erase in every row of case p_case; the
-- caller's agency must lead the case.  Returns the number of rows changed.
CREATE FUNCTION lotse_anonymize_case(p_case uuid) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t record;
  n integer := 0;
  changed integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case AND c.network_id = lotse_network()
                    AND c.lead_agency_id = lotse_agency()) THEN
    RAISE EXCEPTION 'only the lead agency anonymizes a case' USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('lotse.whole_case', p_case::text, true);
  FOR t IN SELECT m.table_name, d.case_rows,
                  string_agg(format('%I = %L', m.column_name, m.rule), ', ') AS sets,
                  string_agg(format('%I IS DISTINCT FROM %L', m.column_name, m.rule), ' OR ') AS dirty
             FROM data_map m JOIN data_map_tables d USING (table_name)
            WHERE m.anonymize = 'erase' AND d.case_rows IS NOT NULL
            GROUP BY m.table_name, d.case_rows ORDER BY m.table_name LOOP
    EXECUTE format('UPDATE %I SET %s WHERE (%s) AND (%s)', t.table_name, t.sets, t.case_rows, t.dirty)
      USING p_case;
    GET DIAGNOSTICS changed = ROW_COUNT;
    n := n + changed;
  END LOOP;
  -- the reference is how the agencies' own files name the person: a new one cannot be linked
  UPDATE cases SET anonymized_at = coalesce(anonymized_at, now()), version = version + 1,
                   updated_at = now(),
                   reference = CASE WHEN anonymized_at IS NULL
                                    THEN split_part(reference, '-', 1) || '-ANON-'
                                         || upper(substr(md5(gen_random_uuid()::text), 1, 12))
                                    ELSE reference END
   WHERE id = p_case;
  PERFORM set_config('lotse.whole_case', '', true);
  RETURN n;
END
$$;

-- k-anonymity of the anonymized cases of the caller's network: each
-- anonymized case's remaining quasi-identifiers (birth year, gender,
-- nationality, municipality, arrival date, residence status,
-- accommodation, target group) are shared by at least p_k - 1 other
-- anonymized cases of the network, or all of them are suppressed.  A case
-- starts at level 0 (birth year to its five-year band, arrival date to
-- 1 January of its year; the map erased the rest); while its class is
-- smaller than p_k it moves up one level at a time: 1 birth year to the
-- ten-year band, 2 no nationality, 3 no arrival date and accommodation,
-- 4 no municipality (the Kreis: the network itself) and residence status,
-- 5 no birth year and gender, target group "other" (nothing left).
-- Returns the number of steps taken.
CREATE FUNCTION lotse_generalize(p_k integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  n integer := 0;
  changed integer;
BEGIN
  PERFORM set_config('lotse.whole_case', 'generalize', true);
  UPDATE cases SET birth_year = birth_year - birth_year % 5,
                   arrival_date = date_trunc('year', arrival_date)::date, generalization = 0
   WHERE network_id = lotse_network() AND anonymized_at IS NOT NULL AND generalization IS NULL;
  LOOP
    WITH classes AS (
      SELECT id, count(*) OVER (PARTITION BY generalization >= 1, birth_year, gender, nationality,
                                municipality_ags, arrival_date, residence_status, accommodation,
                                target_group) AS size
        FROM cases WHERE network_id = lotse_network() AND anonymized_at IS NOT NULL
         AND generalization < 5)
    UPDATE cases c SET
      generalization = c.generalization + 1,
      birth_year = CASE WHEN c.generalization + 1 >= 5 THEN NULL
                        WHEN c.generalization + 1 = 1 THEN c.birth_year - c.birth_year % 10
                        ELSE c.birth_year END,
      nationality = CASE WHEN c.generalization + 1 >= 2 THEN NULL ELSE c.nationality END,
      arrival_date = CASE WHEN c.generalization + 1 >= 3 THEN NULL ELSE c.arrival_date END,
      accommodation = CASE WHEN c.generalization + 1 >= 3 THEN NULL ELSE c.accommodation END,
      municipality_ags = CASE WHEN c.generalization + 1 >= 4 THEN NULL ELSE c.municipality_ags END,
      residence_status = CASE WHEN c.generalization + 1 >= 4 THEN NULL ELSE c.residence_status END,
      gender = CASE WHEN c.generalization + 1 >= 5 THEN NULL ELSE c.gender END,
      target_group = CASE WHEN c.generalization + 1 >= 5 THEN 'other' ELSE c.target_group END
      FROM classes x WHERE x.id = c.id AND x.size < p_k;
    GET DIAGNOSTICS changed = ROW_COUNT;
    EXIT WHEN changed = 0;
    n := n + changed;
  END LOOP;
  PERFORM set_config('lotse.whole_case', '', true);
  RETURN n;
END
$$;

REVOKE ALL ON FUNCTION lotse_anonymize_case(uuid), lotse_generalize(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse_anonymize_case(uuid), lotse_generalize(integer) TO lotse_app;
