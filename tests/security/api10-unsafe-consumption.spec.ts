import { expect, test } from '../../fixtures/index.js';
import type { CardToken } from '../../api-clients/schemas/orders.js';
import { owaspStagingSafe } from './owasp.js';

// shop-api consumes the payment provider's API: an answer that is not what the contract
// says (not JSON, a redirect, a body far too large, a charge not succeeded or for another
// amount) must never count as a payment.

const UNSAFE: [CardToken, string][] = [
  ['tok_garbage', 'an HTML page instead of JSON'],
  ['tok_redirect', 'a redirect elsewhere'],
  ['tok_hugeBody', 'a "succeeded" charge padded to 2 MB'],
  ['tok_notSucceeded', 'a 201 whose charge is "pending", not "succeeded"'],
  ['tok_wrongAmount', 'a "succeeded" charge for one cent more than the order'],
];

test.describe('unsafe consumption of the payment provider', owaspStagingSafe('API10'), () => {
  for (const [cardToken, answer] of UNSAFE) {
    test(`a provider answering ${answer} never leaves the order paid`, async ({ api, customer, product, shop, paymentProvider }) => {
      const order = await shop.buy(customer, product, { quantity: 2, cardToken });

      const settled = await shop.settled(customer, order.id);

      expect(settled.status).toBe('payment_failed');
      expect((await api.products.get(product.id)).body.stock).toBe(product.stock);
      const attempts = (await paymentProvider.attempts(order.id)).body;
      expect(attempts.map((a) => a.outcome)).toEqual(['garbage', 'garbage', 'garbage']);
      expect(attempts).toHaveNoSuccessfulCharge();
    });
  }
});
