/** Test-mode credentials shared by the fake providers the end-to-end web server starts and the portal it serves. */
export const E2E_STRIPE_KEY = 'sk_test_e2e0000000000'
export const E2E_STRIPE_WEBHOOK_SECRET = 'whsec_e2e_secret'
export const E2E_MOLLIE_KEY = 'test_e2e000000000000000000000000'
/** Providers notify after the debtor is back: long enough for a test to see the "processing" page first. */
export const E2E_WEBHOOK_DELAY_MS = 1_500
