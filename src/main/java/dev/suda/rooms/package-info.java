/** Public chat rooms: creation (the creator becomes OWNER), listing with member and online counts, rename, deletion. */
package dev.suda.rooms;
