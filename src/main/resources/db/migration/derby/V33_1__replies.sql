-- Replies (issue 33): the message a message answers. No foreign key: a reply outlives its original, and then
-- shows it as deleted.
ALTER TABLE messages ADD COLUMN reply_to_id BIGINT;
