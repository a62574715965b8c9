/**
 * Delivery ids: UUIDv7 (RFC 9562), monotonic within the process, so that ordering a channel's outbox by id
 * is ordering it by the time its messages were queued, even within one millisecond.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function newDeliveryId(now = Date.now()): string {
  if (now <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  // version 7 and a 12-bit counter in rand_a; variant bits in byte 8
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
