import type { Attributes } from '@opentelemetry/api';
import type { RedactionRules } from '../redaction/redaction-rules.js';
import { seenTokens } from '../redaction/seen-tokens.js';
import { redactLabel } from '../redaction/text-redaction.js';
import { type RedactionTally, redactMembers } from '../redaction/value-redaction.js';

/** The resource field exporters read (resources 2.x and 3.x have it), typed structurally. */
export interface ExportedResource {
  readonly attributes: Attributes;
}

/** An instrumentation scope as the trace, logs and metrics SDKs hand it to exporters. */
export interface ExportedScope {
  readonly name: string;
  readonly version?: string | undefined;
  readonly attributes?: Attributes | undefined;
}

/** The resource and scope fields of an exported span or log record. */
interface ExportedOrigin {
  readonly resource?: unknown;
  readonly instrumentationScope?: unknown;
}

/** One judgement of a resource or scope, valid while its attributes object and the seen-token generation hold. */
interface Judgement<T> {
  readonly source: Attributes | undefined;
  readonly generation: number;
  /** The object itself when it was clean, else its redacted view. */
  readonly exported: T;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/** A resource with other attributes; everything else, methods included, still comes from the resource. */
function resourceView<R extends ExportedResource>(resource: R, attributes: Attributes): R {
  const own = resource as R & {
    readonly asyncAttributesPending?: boolean;
    waitForAsyncAttributes?(): unknown;
  };
  return Object.create(resource, {
    attributes: { value: attributes, enumerable: true },
    // `merge` builds a new resource from raw attributes: the view's are the redacted ones.
    getRawAttributes: { value: () => Object.entries(attributes) },
    // The SDK's resource keeps this state on itself; the view must not take a copy of it.
    asyncAttributesPending: { get: () => own.asyncAttributesPending },
    waitForAsyncAttributes: { value: () => Promise.resolve(own.waitForAsyncAttributes?.()) },
  }) as R;
}

/**
 * Token material in the resource and instrumentation scope of what is exported. Both are set once at
 * start-up (`OTEL_RESOURCE_ATTRIBUTES=api.token=...`, a tracer named after a URL) and then sent with
 * every batch, so each is judged once and its verdict kept per object, in a `WeakMap`: a clean one is
 * exported as it is, a dirty one as a view that stays the same object until it is judged again (OTLP
 * exporters group records by resource and scope identity). A verdict is made again only when the object hands out
 * another attributes object (a resource whose asynchronous attributes settled) or after a credential was
 * remembered since (a resource value may hold a piece of a secret the process sends later). Resources
 * are immutable by contract: a value the application changes in place after start-up is not seen.
 * Replacements here are not added to a record's `jwt.redaction_count`, which counts the record's own.
 */
export class ResourceRedaction {
  private readonly resources = new WeakMap<object, Judgement<object>>();
  private readonly scopes = new WeakMap<object, Judgement<object>>();
  // The last resource and scope judged: records of a batch mostly share them, and a comparison is
  // cheaper than a WeakMap lookup per record. Holding one of each strongly keeps nothing large alive.
  private lastResource: { readonly of: object; readonly judgement: Judgement<object> } | undefined;
  private lastScope: { readonly of: object; readonly judgement: Judgement<object> } | undefined;

  constructor(private readonly rules: RedactionRules) {}

  /** `resource`, or its view with token material in the attributes replaced. */
  resource<R extends ExportedResource>(resource: R): R {
    const source = resource.attributes;
    const last = this.lastResource;
    const known = last !== undefined && last.of === resource ? last.judgement : this.resources.get(resource);
    if (known !== undefined && known.source === source && known.generation === seenTokens.generation) {
      if (last?.of !== resource) this.lastResource = { of: resource, judgement: known };
      return known.exported as R;
    }
    const tally: RedactionTally = { count: 0 };
    const attributes = redactMembers(source, this.rules, tally) as Attributes | undefined;
    const exported = attributes === undefined ? resource : resourceView(resource, attributes);
    const judgement = { source, generation: seenTokens.generation, exported };
    this.resources.set(resource, judgement);
    this.lastResource = { of: resource, judgement };
    return exported;
  }

  /** `scope`, or a copy with token material in its name, version and attributes replaced. */
  scope<S extends ExportedScope>(scope: S): S {
    const source = scope.attributes;
    const last = this.lastScope;
    const known = last !== undefined && last.of === scope ? last.judgement : this.scopes.get(scope);
    if (known !== undefined && known.source === source && known.generation === seenTokens.generation) {
      if (last?.of !== scope) this.lastScope = { of: scope, judgement: known };
      return known.exported as S;
    }
    const tally: RedactionTally = { count: 0 };
    const attributes = isObject(source) ? redactMembers(source, this.rules, tally) : undefined;
    const name = typeof scope.name === 'string' ? redactLabel(scope.name, this.rules) : scope.name;
    const version =
      typeof scope.version === 'string' ? redactLabel(scope.version, this.rules) : scope.version;
    const clean = attributes === undefined && name === scope.name && version === scope.version;
    // Scopes are plain objects in every SDK: a copy loses nothing.
    const exported = clean
      ? scope
      : ({ ...scope, name, version, ...(attributes ? { attributes } : {}) } as S);
    const judgement = { source, generation: seenTokens.generation, exported };
    this.scopes.set(scope, judgement);
    this.lastScope = { of: scope, judgement };
    return exported;
  }

  /**
   * `record` (a span or log record, or a view of one), or a view of it whose resource and
   * instrumentation scope hold no token material.
   */
  apply<T extends object>(record: T): T {
    const { resource, instrumentationScope: scope } = record as ExportedOrigin;
    const fields: PropertyDescriptorMap = {};
    let changed = false;
    if (isObject(resource) && isObject((resource as ExportedResource).attributes)) {
      const exported = this.resource(resource as ExportedResource);
      if (exported !== resource) {
        fields.resource = { value: exported, enumerable: true };
        changed = true;
      }
    }
    if (isObject(scope)) {
      const exported = this.scope(scope as ExportedScope);
      if (exported !== scope) {
        fields.instrumentationScope = { value: exported, enumerable: true };
        changed = true;
      }
    }
    return changed ? (Object.create(record, fields) as T) : record;
  }
}
