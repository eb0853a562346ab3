/** Readiness (schema current, database and shared state reachable) and liveness for the orchestrator. */
package dev.suda.health;
