import fc from 'fast-check';
import { cartCommands } from './cart.js';
import type { ShopCommand, Weighted } from './command.js';
import { adminCommands, orderCommands } from './orders.js';
import { userCommands } from './users.js';

export { ShopCommand } from './command.js';

const drawn = (commands: Weighted[]): fc.Arbitrary<ShopCommand> =>
  fc.oneof(...commands.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** The whole shop: users, carts, orders and payment, and what the admin does. */
export const shopCommands = drawn([...userCommands, ...cartCommands, ...orderCommands, ...adminCommands]);

/** What any customer may do anywhere, without touching stock: users, tokens and carts (on the demo catalogue). */
export const customerCommands = drawn([...userCommands, ...cartCommands]);
