-- Invitations sent before they could lapse lapse 7 days after they were sent (CLERK_INVITATION_DAYS).
UPDATE "merchant_staff" SET "expires_at" = "created_at" + interval '7 days' WHERE "accepted_at" IS NULL AND "expires_at" IS NULL;
