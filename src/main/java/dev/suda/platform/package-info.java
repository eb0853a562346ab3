/**
 * What every feature shares and nothing else: the fast shared state (Redis, or an in-process store on the
 * embedded default), schema migrations at start-up, and the mapping of failures to problem JSON.
 */
package dev.suda.platform;
