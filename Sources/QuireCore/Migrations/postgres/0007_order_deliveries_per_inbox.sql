-- As SQLite's 0024: finds the earlier deliveries to an inbox, which go first.
CREATE INDEX delivery_by_inbox ON delivery (inbox, id);
