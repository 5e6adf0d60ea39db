import type { Db } from '@quittance/db/client'
import { insertReminderTasks } from '@quittance/db/repositories/reminders-planning'
import { findDeliveryByProviderMessage, findReminderAction, updateDelivery } from '@quittance/db/repositories/reminders-sending'
import type { DeliveryState } from '@quittance/db/schema/reminders'

export type DeliveryEvent = 'delivered' | 'opened' | 'clicked' | 'bounced' | 'failed'

// States only move forward: a late "delivered" never undoes "opened", and a bounce cannot follow a delivery.
const FROM: Record<DeliveryEvent, readonly DeliveryState[]> = {
  delivered: ['sending', 'sent'],
  opened: ['sending', 'sent', 'delivered'],
  clicked: ['sending', 'sent', 'delivered', 'opened'],
  bounced: ['sending', 'sent'],
  failed: ['sending', 'sent'],
}

/**
 * What a provider reports later (a delivery receipt, an open, a click, a bounce), found by its message id.
 * Duplicates and out-of-order reports change nothing; a bounce puts the customer in the worklist.
 */
export async function recordDeliveryEvent(
  db: Db,
  input: { provider: string; providerMessageId: string; event: DeliveryEvent; at: Date; detail?: string },
): Promise<{ applied: boolean }> {
  return db.transaction(async (tx) => {
    const delivery = await findDeliveryByProviderMessage(tx, { provider: input.provider, providerMessageId: input.providerMessageId })
    if (!delivery) return { applied: false }
    const applied = await updateDelivery(tx, {
      deliveryId: delivery.id,
      from: FROM[input.event],
      state: input.event,
      event: { at: input.at.toISOString(), state: input.event, ...(input.detail ? { detail: input.detail.slice(0, 500) } : {}) },
    })
    if (applied && (input.event === 'bounced' || input.event === 'failed')) {
      const action = await findReminderAction(tx, delivery.actionId)
      if (action) {
        await insertReminderTasks(tx, [
          {
            taskKey: `failed:${action.id}:${input.event}`,
            entityId: action.entityId,
            customerId: action.customerId,
            actionId: action.id,
            kind: 'failed',
            stepKey: action.stepKey,
            title: delivery.channel,
            body: `${input.event}: ${delivery.recipient}${input.detail ? ` — ${input.detail.slice(0, 300)}` : ''}`,
            dueOn: input.at.toISOString().slice(0, 10),
          },
        ])
      }
    }
    return { applied }
  })
}
