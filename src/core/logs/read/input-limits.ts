/**
 * The bounds that keep reading a log input in constant memory, whatever its size or shape.
 */

/**
 * Longest physical line of a text log, and longest message of a JSON export, read in full: the
 * rest is cut (dropped unread) and counted, so an input without newlines cannot grow a buffer
 * without bound. CloudWatch Logs events are at most 1 MiB, so an export never reaches it.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Longest single JSON value (one element of `events`/`results`, or another top-level value) of
 * a JSON export: a 1 MiB message with every character escaped fits. A longer one is refused.
 */
export const MAX_JSON_VALUE_BYTES = 8 * 1024 * 1024;
