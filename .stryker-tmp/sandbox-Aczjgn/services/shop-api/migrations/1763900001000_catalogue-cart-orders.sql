-- Up Migration

CREATE TABLE products (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku         text NOT NULL UNIQUE CHECK (sku ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency    text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  -- Never negative: checkout takes stock with a conditional update, and this is the backstop.
  stock       integer NOT NULL CHECK (stock >= 0),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id),
  product_id integer NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, product_id)
);

CREATE TABLE orders (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          integer NOT NULL REFERENCES users (id),
  status           text NOT NULL CHECK (status IN ('pending', 'paid', 'payment_failed', 'cancelled')),
  total_cents      integer NOT NULL CHECK (total_cents >= 0),
  currency         text NOT NULL,
  shipping_address text NOT NULL,
  payment_method   text NOT NULL,
  card_token       text NOT NULL,
  -- Payment, driven by the worker: attempts made, who holds the order and until when.
  payment_attempts integer NOT NULL DEFAULT 0,
  payment_lease_until timestamptz,
  payment_charge_id text,
  payment_error    text,
  -- Refund of a cancelled paid order: 'pending' until the provider confirms it.
  refund_state     text CHECK (refund_state IN ('pending', 'done', 'failed')),
  refund_id        text,
  refund_attempts  integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id ON orders (user_id, id DESC);
CREATE INDEX orders_pending ON orders (id) WHERE status = 'pending';
CREATE INDEX orders_refund_pending ON orders (id) WHERE refund_state = 'pending';

CREATE TABLE order_items (
  order_id         integer NOT NULL REFERENCES orders (id),
  product_id       integer NOT NULL REFERENCES products (id),
  name             text NOT NULL,
  unit_price_cents integer NOT NULL,
  quantity         integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);

CREATE TABLE order_status_history (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id integer NOT NULL REFERENCES orders (id),
  status   text NOT NULL,
  at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, id);

-- Idempotency-Key of checkouts, per user: in flight while the first request runs, then
-- the response it gave, replayed to every later request with the same key and body.
CREATE TABLE idempotency_keys (
  user_id         integer NOT NULL REFERENCES users (id),
  key             text NOT NULL,
  fingerprint     text NOT NULL,
  state           text NOT NULL CHECK (state IN ('in_flight', 'done')),
  response_status integer,
  response_body   jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- The demo catalogue: browsing works on any fresh environment.
INSERT INTO products (sku, name, description, price_cents, currency, stock) VALUES
  ('DEMO-MUG-01', 'Enamel camping mug', 'A 350 ml enamel mug that survives the campfire.', 1200, 'USD', 500),
  ('DEMO-TEE-02', 'Organic cotton T-shirt', 'Heavyweight organic cotton, relaxed fit.', 2500, 'USD', 500),
  ('DEMO-CAP-03', 'Six-panel cap', 'Washed canvas, adjustable strap.', 1800, 'USD', 500),
  ('DEMO-BAG-04', 'Canvas tote bag', 'Waxed canvas tote with inner pocket.', 3200, 'USD', 500),
  ('DEMO-BTL-05', 'Insulated bottle', 'Keeps drinks cold for 24 hours.', 2900, 'USD', 500),
  ('DEMO-NTB-06', 'Dot-grid notebook', 'A5, 160 pages, lay-flat binding.', 1400, 'USD', 500),
  ('DEMO-PEN-07', 'Brass pen', 'Solid brass, takes standard refills.', 3900, 'USD', 500),
  ('DEMO-SCK-08', 'Merino socks', 'Cushioned merino hiking socks.', 1600, 'USD', 500),
  ('DEMO-BNE-09', 'Ribbed beanie', 'Recycled wool blend.', 2200, 'USD', 500),
  ('DEMO-HDY-10', 'Zip hoodie', 'Brushed fleece, metal zip.', 5900, 'USD', 500),
  ('DEMO-APR-11', 'Work apron', 'Cross-back straps, tool pockets.', 4400, 'USD', 500),
  ('DEMO-KEY-12', 'Leather key ring', 'Vegetable-tanned leather.', 900, 'USD', 500),
  ('DEMO-PIN-13', 'Enamel pin set', 'Three hard-enamel pins.', 1100, 'USD', 500),
  ('DEMO-STK-14', 'Sticker pack', 'Ten weatherproof vinyl stickers.', 600, 'USD', 500),
  ('DEMO-PST-15', 'Art print poster', 'A2 giclee print on cotton paper.', 3500, 'USD', 500),
  ('DEMO-CST-16', 'Cork coasters', 'Set of four.', 1000, 'USD', 500),
  ('DEMO-LMP-17', 'Desk lamp', 'Dimmable LED, aluminium arm.', 7900, 'USD', 500),
  ('DEMO-PLT-18', 'Plant pot', 'Glazed stoneware with saucer.', 2700, 'USD', 500),
  ('DEMO-TWL-19', 'Waffle towel', 'Turkish cotton, quick-drying.', 3100, 'USD', 500),
  ('DEMO-UMB-20', 'Compact umbrella', 'Windproof, automatic open.', 2600, 'USD', 500),
  ('DEMO-WAL-21', 'Card wallet', 'Slim, holds eight cards.', 3300, 'USD', 500),
  ('DEMO-BLK-22', 'Picnic blanket', 'Water-resistant backing.', 4900, 'USD', 500),
  ('DEMO-SPK-23', 'Pocket speaker', 'Bluetooth, ten hours of play.', 6900, 'USD', 0),
  ('DEMO-CRD-24', 'Greeting cards', 'Set of six, with envelopes.', 1300, 'USD', 500);

-- Down Migration

DROP TABLE idempotency_keys;
DROP TABLE order_status_history;
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE cart_items;
DROP TABLE products;
