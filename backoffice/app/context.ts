import type { Db } from '@quittance/db/client'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'

export type BackofficeConfig = {
  /** Public origin of the back office. */
  publicUrl: string
  /** Public origin of the debtor portal, for the links staff copy or issue. */
  portalPublicUrl: string
  secureCookies: boolean
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    db: Db
    config: BackofficeConfig
    cspNonce: string
    clientIp: string | null
    requestId: string
    now: () => Date
    /** The entities' payment providers, for refunds. */
    payments: PaymentGateway
  }
}

export {}
