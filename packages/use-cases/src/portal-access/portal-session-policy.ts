/** A debtor session ends after 30 minutes without activity, and after 12 hours whatever happens. */
export const PORTAL_SESSION_IDLE_MS = 30 * 60 * 1000
export const PORTAL_SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
// Extending on every request would write on every page view; once a minute is enough for a 30-minute window.
export const PORTAL_SESSION_TOUCH_INTERVAL_MS = 60 * 1000
