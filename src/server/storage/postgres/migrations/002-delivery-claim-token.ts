/**
 * Each claim of a webhook delivery gets its own token, stored with the lease. A node records its
 * attempt only while its token is still the delivery's: one whose lease ran out and whose delivery
 * another node claimed meanwhile writes nothing over the new owner's result.
 */
export const DELIVERY_CLAIM_TOKEN = `
  ALTER TABLE webhook_deliveries ADD COLUMN claim_token TEXT;
`;
