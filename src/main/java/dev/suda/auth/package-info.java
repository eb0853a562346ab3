/**
 * Who is calling: login with email and password, guest entry, signed tokens (MicroProfile JWT), sessions
 * kept in the shared state so a logout or a site ban ends them at once, and the slowing of password guessing.
 */
package dev.suda.auth;
