-- Unread counts (issue 33): each membership keeps the id of the last message its user has read, and only moves it
-- forward (UPDATE ... WHERE last_read_id < ?). Members who were in a room before this version start with everything
-- read so far, so that nobody comes back to every room unread. Counting what is unread needs no new index: it reads
-- ix_messages_room (room_id, id) from last_read_id up, and stops at a cap (see ReadMarkers).
ALTER TABLE room_users ADD COLUMN last_read_id BIGINT NOT NULL DEFAULT 0;
UPDATE room_users SET last_read_id = (SELECT r.last_message_id FROM rooms r WHERE r.id = room_users.room_id);
