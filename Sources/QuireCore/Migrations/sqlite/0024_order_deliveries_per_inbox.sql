-- A delivery is taken only when the earlier ones to its inbox are due too (docs/federation.md,
-- "Delivery"): this index finds them.
CREATE INDEX delivery_by_inbox ON delivery (inbox, id);
