-- Events carry the data category of what they announce (issue 19): the
-- feed and webhooks show an event of a case only to an agency that may
-- read the object now -- its category for analyses (potential), goals and
-- decisions (plan), journal entries and corrected minutes (journal); a
-- referral's events only to its sender and receiver, a conference's to its
-- organiser and participants, a consent's to the lead agency (the rules
-- are in db/events.c, one expression for the feed and the fan-out).
ALTER TABLE events ADD COLUMN category text GENERATED ALWAYS AS (
  CASE WHEN type LIKE 'analysis.%' THEN 'potential'
       WHEN type LIKE 'goal.%' OR type LIKE 'decision.%' THEN 'plan'
       WHEN type LIKE 'journal.%' OR type = 'conference.minutes_corrected' THEN 'journal'
  END) STORED;

INSERT INTO data_map VALUES ('events', 'category', 'none', 'none', 'keep', NULL, NULL, true);
