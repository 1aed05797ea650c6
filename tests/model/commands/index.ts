import fc from 'fast-check';
import { atOnceCommands, atOnceCustomerCommands } from './at-once.js';
import { cartCommands } from './cart.js';
import type { ShopCommand, Weighted } from './command.js';
import { adminCommands, orderCommands } from './orders.js';
import { userCommands } from './users.js';

export { ShopCommand } from './command.js';

const drawn = (commands: Weighted[]): fc.Arbitrary<ShopCommand> =>
  fc.oneof(...commands.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const times = (k: number, commands: Weighted[]): Weighted[] => commands.map(([weight, arbitrary]) => [k * weight, arbitrary]);

/**
 * The whole shop: users, carts, orders and payment, and what the admin does. Carts and
 * orders are drawn three times as often as account commands (which the customer-only journeys
 * exercise as well), so that orders get made, paid, cancelled and poked at.
 */
export const shopCommands = drawn([...userCommands, ...times(3, cartCommands), ...times(3, orderCommands), ...times(3, adminCommands), ...atOnceCommands]);

/** What any customer may do anywhere, without touching stock: users, tokens and carts, one at a time and at once (on the demo catalogue). */
export const customerCommands = drawn([...userCommands, ...cartCommands, ...atOnceCustomerCommands]);
