-- Documents (issue 23, item 1): files attached to a case, or to one of its
-- consents (the signed form), each of one data category.  The bytes are
-- stored in PostgreSQL in chunks of at most 1 MiB (document_chunks), so
-- that any instance serves any document and no statement carries a whole
-- file; the type is the one libmagic found in the content, the SHA-256 the
-- server computed while the upload streamed in.
--
-- Visibility is the consent rule of the category, here in row-level
-- security: a case's document to an agency that sees its case in the
-- document's category now; a consent's document (a signed form names the
-- agencies the person chose) to the lead agency only.  The chunks follow
-- their document.  Removing is for the uploading agency and the lead.
-- Anonymizing a case deletes its documents (trigger below).
CREATE UNIQUE INDEX consents_case_id ON consents (case_id, id);

CREATE TABLE documents (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  network_id          uuid NOT NULL REFERENCES networks (id),
  case_id             uuid NOT NULL,
  consent_id          uuid,
  category            text NOT NULL CHECK (category IN ('identity', 'residence', 'potential',
                                                        'plan', 'journal')),
  title               text CHECK (length(title) BETWEEN 1 AND 255),
  media_type          text NOT NULL,
  size_bytes          bigint NOT NULL CHECK (size_bytes >= 0),
  sha256              text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by_agency  uuid NOT NULL,
  uploaded_by         text NOT NULL,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (network_id, case_id) REFERENCES cases (network_id, id),
  FOREIGN KEY (case_id, consent_id) REFERENCES consents (case_id, id),
  FOREIGN KEY (network_id, uploaded_by_agency) REFERENCES agencies (network_id, id)
);
CREATE INDEX documents_case ON documents (case_id, created_at);

CREATE TABLE document_chunks (
  document_id  uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  n            integer NOT NULL CHECK (n >= 0),
  network_id   uuid NOT NULL,
  data         bytea CHECK (length(data) <= 1048576),
  PRIMARY KEY (document_id, n)
);
ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL; -- already compressed, mostly

-- Who sees a document: the one rule, for the policies and the event feed.
CREATE FUNCTION lotse_sees_document(p_case uuid, p_consent uuid, p_category text) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_consent IS NULL THEN lotse_sees(p_case, p_category)
              ELSE EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case
                             AND c.lead_agency_id = lotse_agency()) END
$$;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_read ON documents FOR SELECT
  USING (network_id = lotse_network() AND lotse_sees_document(case_id, consent_id, category));
CREATE POLICY documents_insert ON documents FOR INSERT
  WITH CHECK (network_id = lotse_network() AND uploaded_by_agency = lotse_agency()
              AND lotse_sees_document(case_id, consent_id, category));
CREATE POLICY documents_delete ON documents FOR DELETE
  USING (network_id = lotse_network() AND lotse_sees_document(case_id, consent_id, category)
         AND (uploaded_by_agency = lotse_agency()
              OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id
                           AND c.lead_agency_id = lotse_agency())));
ALTER TABLE document_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY document_chunks_of_documents ON document_chunks
  USING (network_id = lotse_network()
         AND EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id))
  WITH CHECK (network_id = lotse_network()
              AND EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id
                            AND d.uploaded_by_agency = lotse_agency()));
DO $$
BEGIN
  -- as in migration 0016: the owner's anonymization and export of a case
  EXECUTE format('CREATE POLICY whole_case ON documents TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
  EXECUTE format('CREATE POLICY whole_case ON document_chunks TO %I USING (network_id = lotse_network() '
                 'AND coalesce(current_setting(''lotse.whole_case'', true), '''') <> '''')', current_user);
END $$;
GRANT SELECT, INSERT, DELETE ON documents TO lotse_app;
GRANT SELECT, INSERT, DELETE ON document_chunks TO lotse_app;
GRANT EXECUTE ON FUNCTION lotse_sees_document(uuid, uuid, text) TO lotse_app;

INSERT INTO data_map_tables VALUES
  ('documents', 'case_id = $1'),
  ('document_chunks', 'document_id IN (SELECT d.id FROM documents d WHERE d.case_id = $1)');
INSERT INTO data_map VALUES
  ('documents', 'id', 'none', 'none', 'keep', NULL, NULL, true),
  ('documents', 'network_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('documents', 'case_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('documents', 'consent_id', 'none', 'none', 'keep', NULL, NULL, true),
  ('documents', 'category', 'none', 'none', 'keep', NULL, NULL, true),
  -- a file name often names the person ("Pass_Amina_Haddad.pdf")
  ('documents', 'title', 'identity', 'free_text', 'erase', NULL, 'documents', false),
  ('documents', 'media_type', 'case', 'structured', 'keep', NULL, 'documents', false),
  ('documents', 'size_bytes', 'case', 'structured', 'keep', NULL, 'documents', false),
  -- the hash of a known scan (a passport) tells whose it is
  ('documents', 'sha256', 'identity', 'identifier', 'erase', NULL, 'documents', false),
  ('documents', 'uploaded_by_agency', 'none', 'none', 'keep', NULL, NULL, true),
  ('documents', 'uploaded_by', 'staff', 'identifier', 'keep', NULL, NULL, false),
  ('documents', 'version', 'none', 'none', 'keep', NULL, NULL, true),
  ('documents', 'created_at', 'none', 'none', 'keep', NULL, NULL, true),
  ('document_chunks', 'document_id', 'none', 'none', 'keep', NULL, NULL, false),
  ('document_chunks', 'n', 'none', 'none', 'keep', NULL, NULL, false),
  ('document_chunks', 'network_id', 'none', 'none', 'keep', NULL, NULL, false),
  -- the content is of the document's category; the map says identity, the strictest
  ('document_chunks', 'data', 'identity', 'free_text', 'erase', NULL, 'documents', false);

-- Anonymizing a case leaves no document: the map's erase empties titles,
-- hashes and contents, then this deletes the rows (a document's size and
-- type tied to an anonymized case are of no use to anyone).
CREATE FUNCTION lotse_anonymized_documents() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_whole text := current_setting('lotse.whole_case', true);
BEGIN
  PERFORM set_config('lotse.whole_case', NEW.id::text, true);
  DELETE FROM documents WHERE case_id = NEW.id;
  PERFORM set_config('lotse.whole_case', coalesce(v_whole, ''), true);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_anonymized_documents AFTER UPDATE OF anonymized_at ON cases
  FOR EACH ROW WHEN (OLD.anonymized_at IS NULL AND NEW.anonymized_at IS NOT NULL)
  EXECUTE FUNCTION lotse_anonymized_documents();
