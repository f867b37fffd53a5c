import { randomBytes } from 'node:crypto';

/** A new id for a draft (d_), attachment (a_), identity (i_) or outbox entry (o_); the contract's schemas check the shape. */
export function newId(prefix: 'd' | 'a' | 'i' | 'o'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
