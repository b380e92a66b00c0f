import { afterEach, describe, expect, test } from 'vitest';
import { REDACTED } from '../../src/index.js';
import { resolveRedaction } from '../../src/redaction/redaction-config.js';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { ResourceRedaction } from '../../src/sdk/exported-resource.js';
import { stringsOf, tokenMaterialIn } from '../support/leak-scanner.js';
import { resourceWith } from '../support/resource-fixtures.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => {
  seenTokens.clear();
});

const redaction = () => new ResourceRedaction(resolveRedaction(undefined, 'redaction'));

describe('resources of exported telemetry', () => {
  test('a clean resource is exported as the same object', () => {
    const resource = resourceWith({ 'service.name': 'orders' });
    expect(redaction().resource(resource)).toBe(resource);
  });

  test('a credential-keyed or JWT-shaped resource attribute is replaced in a view; the resource keeps it', () => {
    const token = mint();
    const resource = resourceWith({ 'api.token': 'opaque-start-up-secret', 'app.note': `boot ${token}` });
    const view = redaction().resource(resource);
    expect(view.attributes['api.token']).toBe(REDACTED);
    expect(view.attributes['app.note']).toBe(`boot ${REDACTED}`);
    expect(view.attributes['telemetry.sdk.language']).toBe('nodejs');
    expect(resource.attributes['api.token']).toBe('opaque-start-up-secret');
    expect(view.schemaUrl).toBe(resource.schemaUrl);
    expect(view.asyncAttributesPending).toBe(false);
  });

  test('a resource merged from the view holds the redacted attributes, not the originals', () => {
    const token = mint();
    const view = redaction().resource(resourceWith({ 'app.note': token }));
    const merged = resourceWith({ 'app.team': 'payments' }).merge(view);
    expect(tokenMaterialIn(token, stringsOf(merged.attributes))).toBeUndefined();
    expect(merged.attributes['app.team']).toBe('payments');
  });

  test('the view is judged once and the same object is exported batch after batch, as OTLP groups by identity', () => {
    const resource = resourceWith({ 'api.token': 'opaque-start-up-secret' });
    const origins = redaction();
    const first = origins.resource(resource);
    expect(first).not.toBe(resource);
    expect(origins.resource(resource)).toBe(first);
  });

  test('a resource value holding a credential the process sends later is replaced once that credential is remembered', () => {
    const secret = 'client-credential-7f3a9c2e5b1d4f60a8e2';
    const resource = resourceWith({ 'app.upstream': secret });
    const origins = redaction();
    expect(origins.resource(resource)).toBe(resource);
    seenTokens.remember(secret, 'sent');
    expect(origins.resource(resource).attributes['app.upstream']).toBe(REDACTED);
  });
});

describe('instrumentation scopes of exported telemetry', () => {
  test('a clean scope is exported as the same object', () => {
    const scope = { name: 'orders-api', version: '1.2.0', attributes: { 'app.team': 'payments' } };
    expect(redaction().scope(scope)).toBe(scope);
  });

  test('token material in the name, version or attributes of a scope is replaced in a cached copy', () => {
    const token = mint();
    const scope = { name: `tracer ${token}`, version: '1.0.0', attributes: { 'app.secret': 'x' } };
    const origins = redaction();
    const copy = origins.scope(scope);
    expect(copy).toEqual({
      name: `tracer ${REDACTED}`,
      version: '1.0.0',
      attributes: { 'app.secret': REDACTED },
    });
    expect(scope.name).toBe(`tracer ${token}`);
    expect(origins.scope(scope)).toBe(copy);
  });
});

describe('records with a resource and a scope', () => {
  test('a record whose resource and scope are clean is returned as it is', () => {
    const record = { resource: resourceWith({}), instrumentationScope: { name: 'clean' } };
    expect(redaction().apply(record)).toBe(record);
  });

  test('a view of the record carries the redacted resource and scope; the record is unchanged', () => {
    const token = mint();
    const resource = resourceWith({ 'app.note': token });
    const record = { resource, instrumentationScope: { name: token }, body: 'kept' };
    const view = redaction().apply(record);
    expect(view.body).toBe('kept');
    expect(view.instrumentationScope.name).toBe(REDACTED);
    expect(tokenMaterialIn(token, stringsOf(view.resource.attributes))).toBeUndefined();
    expect(record.resource).toBe(resource);
    expect(record.instrumentationScope.name).toBe(token);
  });
});
