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

  constructor(private readonly rules: RedactionRules) {}

  /** `resource`, or its view with token material in the attributes replaced. */
  resource<R extends ExportedResource>(resource: R): R {
    const source = resource.attributes;
    const known = this.resources.get(resource);
    if (known !== undefined && known.source === source && known.generation === seenTokens.generation) {
      return known.exported as R;
    }
    const tally: RedactionTally = { count: 0 };
    const attributes = redactMembers(source, this.rules, tally) as Attributes | undefined;
    const exported = attributes === undefined ? resource : resourceView(resource, attributes);
    this.resources.set(resource, { source, generation: seenTokens.generation, exported });
    return exported;
  }

  /** `scope`, or a copy with token material in its name, version and attributes replaced. */
  scope<S extends ExportedScope>(scope: S): S {
    const source = scope.attributes;
    const known = this.scopes.get(scope);
    if (known !== undefined && known.source === source && known.generation === seenTokens.generation) {
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
    this.scopes.set(scope, { source, generation: seenTokens.generation, exported });
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
