import { createHmac, timingSafeEqual } from 'node:crypto';

/** A notification as a channel sends it (text in Chinese; recipient by id). */
export interface OutgoingNotification {
  id: string;
  kind: string;
  recipient: { type: string; id: string };
  text: string;
  entityId: string;
  dueAt: string;
}

/** A delivery channel (webhook today; an SMS or WeChat gateway plugs in behind a webhook or here). */
export interface Channel {
  readonly name: string;
  send(n: OutgoingNotification): Promise<void>;
}

export const SIGNATURE_HEADER = 'x-jwh-signature';
export const DELIVERY_HEADER = 'x-jwh-delivery';

/** `sha256=<hex>` of the body with the shared secret (GitHub-style webhook signature). */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(body: string, signature: string | undefined, secret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * POSTs the notification as JSON, signed with HMAC-SHA256 (`x-jwh-signature`), with the
 * notification id as `x-jwh-delivery` so the receiver can drop a repeat. Any answer other than
 * 2xx, or no answer within the timeout, is a failure (the delivery job retries with backoff).
 */
export class WebhookChannel implements Channel {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(n: OutgoingNotification): Promise<void> {
    const body = JSON.stringify(n);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(body, this.secret), [DELIVERY_HEADER]: n.id },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
