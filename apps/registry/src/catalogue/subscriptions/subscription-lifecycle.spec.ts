import { AppError, ErrorCode } from '@app/core';
import { type SubscriptionStatus } from '@app/persistence';
import {
  assertDecisionAllowed,
  DECISIONS,
  effectiveStatus,
  type SubscriptionDecision,
  type SubscriptionParties,
} from './subscription-lifecycle';

const ADMIN: SubscriptionParties = { admin: true, owner: false, subscriber: false };
const OWNER: SubscriptionParties = { admin: false, owner: true, subscriber: false };
const SUBSCRIBER: SubscriptionParties = { admin: false, owner: false, subscriber: true };
const STATUSES: SubscriptionStatus[] = ['pending', 'active', 'rejected', 'suspended', 'ended', 'expired'];

function codeOf(run: () => unknown): ErrorCode | 'ok' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('subscription status machine', () => {
  it.each([
    ['approve', 'pending', 'active'],
    ['reject', 'pending', 'rejected'],
    ['suspend', 'active', 'suspended'],
    ['resume', 'suspended', 'active'],
    ['end', 'pending', 'ended'],
    ['end', 'active', 'ended'],
    ['end', 'suspended', 'ended'],
  ] as const)('%s takes %s to %s', (decision, from, to) => {
    expect(assertDecisionAllowed(decision, ADMIN, from, false).to).toBe(to);
  });

  it('refuses every other transition with 409, final statuses included', () => {
    for (const decision of Object.keys(DECISIONS) as SubscriptionDecision[]) {
      for (const status of STATUSES.filter((s) => !DECISIONS[decision].from.includes(s))) {
        expect([
          decision,
          status,
          codeOf(() => assertDecisionAllowed(decision, ADMIN, status, false)),
        ]).toEqual([decision, status, ErrorCode.Conflict]);
      }
    }
  });

  it('lets only the owner or an admin approve and reject', () => {
    expect(codeOf(() => assertDecisionAllowed('approve', OWNER, 'pending', false))).toBe('ok');
    expect(codeOf(() => assertDecisionAllowed('approve', SUBSCRIBER, 'pending', false))).toBe(
      ErrorCode.Forbidden,
    );
    expect(codeOf(() => assertDecisionAllowed('reject', SUBSCRIBER, 'pending', false))).toBe(
      ErrorCode.Forbidden,
    );
  });

  it('lets either side suspend and end', () => {
    expect(codeOf(() => assertDecisionAllowed('suspend', SUBSCRIBER, 'active', false))).toBe('ok');
    expect(codeOf(() => assertDecisionAllowed('end', SUBSCRIBER, 'active', false))).toBe('ok');
    expect(codeOf(() => assertDecisionAllowed('end', OWNER, 'suspended', false))).toBe('ok');
  });

  it('lets the subscriber resume only what it suspended itself', () => {
    expect(codeOf(() => assertDecisionAllowed('resume', SUBSCRIBER, 'suspended', true))).toBe('ok');
    expect(codeOf(() => assertDecisionAllowed('resume', SUBSCRIBER, 'suspended', false))).toBe(
      ErrorCode.Forbidden,
    );
    expect(codeOf(() => assertDecisionAllowed('resume', OWNER, 'suspended', true))).toBe('ok');
  });

  it('checks permission before status, so a stranger to the decision learns nothing of the status', () => {
    expect(codeOf(() => assertDecisionAllowed('approve', SUBSCRIBER, 'ended', false))).toBe(
      ErrorCode.Forbidden,
    );
  });

  it('reads a live subscription past its expiry as expired', () => {
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 60_000);
    expect(effectiveStatus({ status: 'active', expiresAt: past })).toBe('expired');
    expect(effectiveStatus({ status: 'pending', expiresAt: past })).toBe('expired');
    expect(effectiveStatus({ status: 'active', expiresAt: future })).toBe('active');
    expect(effectiveStatus({ status: 'rejected', expiresAt: past })).toBe('rejected');
    expect(effectiveStatus({ status: 'ended', expiresAt: past })).toBe('ended');
  });
});
