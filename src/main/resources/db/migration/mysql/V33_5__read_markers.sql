-- Unread counts (issue 33): each membership keeps the id of the last message its user has read, and only moves it
-- forward (UPDATE ... WHERE last_read_id < ?). Members who were in a room before this version start with everything
-- read so far, so that nobody comes back to every room unread.
ALTER TABLE room_users ADD COLUMN last_read_id BIGINT NOT NULL DEFAULT 0;
UPDATE room_users SET last_read_id = (SELECT r.last_message_id FROM rooms r WHERE r.id = room_users.room_id);

-- Counting a room's unread messages reads this index from the marker up (at most 100 entries, see ReadMarkers);
-- with the sender and the kind in it, it never reads the rows themselves: half the time of a page of 200 rooms over
-- a million messages (bench/FINDINGS.md). History's keyset pages use the same (room_id, id) prefix as before, under
-- the same name (they name it in FORCE INDEX). Rebuilt in place, without locking the table.
ALTER TABLE messages DROP INDEX ix_messages_room, ADD INDEX ix_messages_room (room_id, id, sender_id, kind);
