import type { Db } from '@quittance/db/client'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'

/** What the host process hands to every loader and action: one database client, settings, and the request's facts. */
export type PortalConfig = {
  /** Public origin of the portal, e.g. https://pay.example.com, used in links sent to debtors. */
  publicUrl: string
  /** True behind HTTPS: cookies get the Secure flag and the __Host- prefix. */
  secureCookies: boolean
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    db: Db
    config: PortalConfig
    cspNonce: string
    clientIp: string | null
    /** Also in the log line of any failure, so a debtor can quote it. */
    requestId: string
    now: () => Date
    /** Online payment providers per creditor entity, built by the host from its configuration. */
    payments: PaymentGateway
  }
}

export {}
