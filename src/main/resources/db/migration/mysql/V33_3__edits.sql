-- Edits (issue 33): when a message's text last changed; the audit log keeps each earlier text (up to a message's
-- 2,000 characters) and which message it was.
ALTER TABLE messages ADD COLUMN edited_at DATETIME(3) NULL;
ALTER TABLE audit_log ADD COLUMN message_id BIGINT NULL, MODIFY reason VARCHAR(2000) NULL;
