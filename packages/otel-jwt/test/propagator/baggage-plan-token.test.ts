import { describe, expect, test } from 'vitest';
import { planBaggage } from '../../src/propagator/baggage-plan.js';
import { bag, CONSISTENT, NO_TOKEN, settings, values } from '../support/extract-fixtures.js';

// planBaggage and token material: entries whose key or value is JWT-shaped or holds a piece of the
// request's token go, whatever else is true of them.

const HEADER = `eyJ${'h'.repeat(21)}`;
const PAYLOAD = `payload${'p'.repeat(25)}`;
const SIGNATURE = `sig${'s'.repeat(26)}`;
const TOKEN = `${HEADER}.${PAYLOAD}.${SIGNATURE}`;
const BOTH = new Set(['tenant.id', 'legacy.flag']);

describe('planBaggage and token material', () => {
  test('removes any entry, auth or not, whose value is JWT-shaped, with reason token_material', () => {
    const inbound = bag({ color: 'blue', session: `x ${HEADER}.${'a'.repeat(16)} y` });
    const plan = planBaggage(settings, inbound, CONSISTENT, undefined, undefined, undefined);
    expect(values(plan.entries)).toEqual(['color=blue']);
    expect(plan).toMatchObject({ removed: ['session'], reason: 'token_material' });
  });

  test.each([
    ['the first 16 characters of the payload', PAYLOAD.slice(0, 16)],
    ['the first 16 characters of the payload, wrapped', `x-${PAYLOAD.slice(0, 16)}-y`],
    ['the first 16 characters of the signature', `${SIGNATURE.slice(0, 16)}`],
    ['the last 16 characters of the signature', `tail:${SIGNATURE.slice(-16)}`],
    ['the token prefix', TOKEN.slice(0, 20)],
  ])('removes an entry whose value holds %s of the request token', (_, value) => {
    const plan = planBaggage(
      settings,
      bag({ piece: value, short: 'payload' }),
      CONSISTENT,
      undefined,
      undefined,
      TOKEN,
    );
    expect(values(plan.entries)).toEqual(['short=payload']);
    expect(plan).toMatchObject({ removed: ['piece'], reason: 'token_material' });
  });

  test('a key holding token material is removed and recorded as "(token material)", never as itself', () => {
    const inbound = bag({
      [SIGNATURE.slice(0, 20)]: 'v',
      [`${HEADER}.${'k'.repeat(16)}`]: 'w',
      color: 'blue',
    });
    const plan = planBaggage(settings, inbound, CONSISTENT, undefined, undefined, TOKEN);
    expect(values(plan.entries)).toEqual(['color=blue']);
    expect(plan).toMatchObject({
      removed: ['(token material)', '(token material)'],
      reason: 'token_material',
    });
  });

  test('a token-material value goes even when the entries proof vouched for its key', () => {
    const inbound = bag({ 'tenant.id': PAYLOAD.slice(0, 16), 'legacy.flag': 'on' });
    const plan = planBaggage(settings, inbound, CONSISTENT, BOTH, undefined, TOKEN);
    expect(values(plan.entries)).toEqual(['legacy.flag=on']);
    expect(plan.removed).toEqual(['tenant.id']);
  });

  test.each([
    ['a host name', 'payments-service-v2.eu-west-1-production.internal'],
    ['base64 JSON without a dot', 'eyJmZWF0dXJlIjoib24ifQ'],
    ['a short JWT-like run', 'eyJhbGciOi.short'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
  ])('keeps %s, which is not token material', (_, value) => {
    const plan = planBaggage(settings, bag({ note: value }), CONSISTENT, undefined, undefined, TOKEN);
    expect(plan).toMatchObject({ entries: undefined, removed: [] });
  });

  test('names the auth reason when unvouched auth entries went too', () => {
    const inbound = bag({ 'user.roles': 'admin', session: `${HEADER}.${'a'.repeat(16)}` });
    expect(planBaggage(settings, inbound, NO_TOKEN, undefined, undefined, undefined).reason).toBe(
      'no_verified_token',
    );
  });
});
