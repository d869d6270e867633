-- When a row began waiting in its state (ReconciledEntity.waitAgain paces its looks by it); null when not waiting.
ALTER TABLE vm_app ADD COLUMN waiting_since timestamptz;
