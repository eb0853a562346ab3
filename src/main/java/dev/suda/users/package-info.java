/**
 * People: members who register with email and password, guests who enter with a nickname and are shown
 * with part of their address, and site admins who can ban anyone site-wide.
 */
package dev.suda.users;
