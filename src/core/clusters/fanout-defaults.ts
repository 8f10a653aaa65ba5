/** The default cap: Logs Insights queries one account runs at once for this app. */
export const DEFAULT_QUERY_CONCURRENCY = 20;

/** An on-demand request of at most this many clusters runs inline by default. */
export const DEFAULT_INLINE_MAX = 5;
