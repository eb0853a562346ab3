/**
 * The pages people use: sign in, register or enter as a guest, the room list, the room itself (live over the
 * room socket, with one small script), moderation, and the site admin's page. Rendered on the server with
 * Jakarta Pages; every action goes through the same control classes as the REST API. A browser's sign-in
 * lives in its HTTP session, with a per-session CSRF token that every state-changing request must carry.
 */
package dev.suda.pages;
