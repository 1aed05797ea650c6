import { z } from 'zod';

// What shop-api accepts, in the suite's own words (API.md plus the service's documented
// decisions): the generated bad-input tests derive their invalid inputs from these, and
// send only what these reject.

/** Any text: no NUL character, no lone UTF-16 surrogate. */
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what this rules out
const text = () => z.string().regex(/^[^\u0000\uD800-\uDFFF]*$/u, 'no NUL or lone surrogate');

const username = text().min(3).max(32).regex(/^[A-Za-z0-9_.-]+$/);
const email = z.email().max(254);
const password = text().min(8).max(128);
const id = z.int().min(1).max(2_147_483_647);
const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
};

export const RegisterRequest = z.strictObject({ username, email, password });

export const LoginForm = z.strictObject({
  username: text().min(1).max(254),
  password: text().min(1).max(1024),
  grant_type: z.literal('password').optional(),
  scope: text().max(1024).optional(),
  client_id: text().max(255).optional(),
  client_secret: text().max(255).optional(),
});

export const CreateUserRequest = z.strictObject({ username, email, password, role: z.enum(['customer', 'admin']).optional(), is_active: z.boolean().optional() });

export const UpdateUserRequest = z.strictObject({
  username: username.optional(),
  email: email.optional(),
  bio: text().max(500).nullable().optional(),
  role: z.enum(['customer', 'admin']).optional(),
  is_active: z.boolean().optional(),
});

// Query strings: unknown parameters are ignored by the service, so these are not strict.
export const ListUsersQuery = z.object({ ...pageQuery, is_active: z.stringbool().optional(), q: text().min(1).max(100).optional() });

const sku = text().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/);
const productName = text().min(1).max(200);
const description = text().max(2000);
const priceCents = z.int().min(0).max(100_000_000);
const stock = z.int().min(0).max(1_000_000_000);

export const CreateProductRequest = z.strictObject({
  sku,
  name: productName,
  description: description.optional(),
  price_cents: priceCents,
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  stock,
});

export const UpdateProductRequest = z.strictObject({ name: productName.optional(), description: description.optional(), price_cents: priceCents.optional(), stock: stock.optional() });

export const ListProductsQuery = z.object({ ...pageQuery, q: text().min(1).max(100).optional(), in_stock: z.stringbool().optional() });

const quantity = z.int().min(1).max(99);
export const AddCartItemRequest = z.strictObject({ product_id: id, quantity });
export const UpdateCartItemRequest = z.strictObject({ quantity });

export const CheckoutRequest = z.strictObject({
  shipping_address: text().min(1).max(500),
  payment_method: z.literal('credit_card'),
  card_token: text().min(1).max(64).regex(/^tok_[A-Za-z0-9_]+$/).optional(),
});

export const ListOrdersQuery = z.object(pageQuery);
