import { keepsKeyOrder } from './webhook-options';

describe('keepsKeyOrder', () => {
  it("follows the subscription's orderedDelivery, ordered when it says nothing", () => {
    expect(keepsKeyOrder(true, { orderedDelivery: true })).toBe(true);
    expect(keepsKeyOrder(true, {})).toBe(true);
    expect(keepsKeyOrder(true, { orderedDelivery: false })).toBe(false);
  });

  it('orders nothing when WEBHOOK_ORDER_PER_KEY is false', () => {
    expect(keepsKeyOrder(false, { orderedDelivery: true })).toBe(false);
    expect(keepsKeyOrder(false, {})).toBe(false);
    expect(keepsKeyOrder(false, { orderedDelivery: false })).toBe(false);
  });
});
