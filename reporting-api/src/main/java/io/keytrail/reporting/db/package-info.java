/**
 * Everything that speaks SQL: the connection to the database, the versioned migrations that shape
 * it, and the Jdbi DAO interfaces with the row records they map. All SQL is standard so that it
 * runs on H2 (the embedded default) and on PostgreSQL alike; no other package holds SQL.
 */
package io.keytrail.reporting.db;
