import { type Principal } from '@app/auth';
import { AppError } from '@app/core';
import { type DataSource, type DeliveryMode, type SubscriptionStatus } from '@app/persistence';

export interface SubscriberSubscription {
  id: string;
  agencyId: string;
  topic: string;
  deliveryMode: DeliveryMode;
  status: SubscriptionStatus;
  expiresAt: Date;
}

/**
 * The subscription as its subscriber (or, when `admins` is true, an admin) may see it; 404 for everyone
 * else, so that no agency learns that another agency's subscription exists.
 */
export async function subscriberSubscription(
  dataSource: DataSource,
  principal: Principal,
  id: string,
  admins: boolean,
): Promise<SubscriberSubscription> {
  const rows: {
    id: string;
    agency_id: string;
    topic: string;
    delivery_mode: DeliveryMode;
    status: SubscriptionStatus;
    expires_at: Date;
  }[] = await dataSource.query(
    'SELECT id, agency_id, topic, delivery_mode, status, expires_at FROM subscriptions WHERE id = $1',
    [id],
  );
  const row = rows[0];
  const notFound = AppError.notFound(`subscription ${id} not found`);
  if (!row) throw notFound;
  if (principal.kind === 'admin') {
    if (!admins) throw AppError.forbidden('only the subscribing agency may do this');
  } else if (principal.agencyId !== row.agency_id) {
    throw notFound;
  }
  return {
    id: row.id,
    agencyId: row.agency_id,
    topic: row.topic,
    deliveryMode: row.delivery_mode,
    status: row.status,
    expiresAt: row.expires_at,
  };
}
