-- Up Migration

-- DELETE /products/{id} archives: the row stays, so order items, cart lines and the sku
-- keep pointing at it, but the catalogue, search, reads, writes and checkout skip it.
ALTER TABLE products ADD COLUMN archived_at timestamptz;

-- Down Migration

ALTER TABLE products DROP COLUMN archived_at;
