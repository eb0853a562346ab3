-- The newest message of each room. A new message locks its room's row while it commits, so the messages of
-- a room commit in id order and each can name its predecessor (gap-free, ordered delivery across nodes).
ALTER TABLE rooms ADD COLUMN last_message_id BIGINT NOT NULL DEFAULT 0;
UPDATE rooms SET last_message_id = COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.room_id = rooms.id), 0);
