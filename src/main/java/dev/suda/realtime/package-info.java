/**
 * The live side: the room socket, its frames, presence and typing, and the fan-out of committed events to
 * every socket of a room on every node (Redis pub/sub between nodes). Only this package touches a Session.
 */
package dev.suda.realtime;
