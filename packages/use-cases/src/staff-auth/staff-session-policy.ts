/** A staff session ends after 2 hours without activity, and after 12 hours whatever happens. */
export const STAFF_SESSION_IDLE_MS = 2 * 60 * 60 * 1000
export const STAFF_SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
export const STAFF_SESSION_TOUCH_INTERVAL_MS = 60 * 1000
