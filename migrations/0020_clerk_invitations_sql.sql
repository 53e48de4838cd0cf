-- Clerks added before invitations existed were made clerks at once: they keep their place at the counter.
UPDATE merchant_staff SET accepted_at = created_at WHERE accepted_at IS NULL;
