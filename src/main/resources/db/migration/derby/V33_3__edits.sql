-- Edits (issue 33): when a message's text last changed; the audit log keeps each earlier text (2,000 code points
-- may take 4,000 UTF-16 units, as in messages.content) and which message it was.
ALTER TABLE messages ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE audit_log ADD COLUMN message_id BIGINT;
ALTER TABLE audit_log ALTER COLUMN reason SET DATA TYPE VARCHAR(4000);
