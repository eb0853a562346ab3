-- Replies (issue 33): the message a message answers. No foreign key: a reply outlives its original, and then
-- shows it as deleted. Adding a nullable column is instant on MariaDB 10.11 / MySQL 8, however long the table.
ALTER TABLE messages ADD COLUMN reply_to_id BIGINT NULL;
