/** How the walk reads one length-delimited field: as a message of type `T`, UTF-8 text, or opaque bytes. */
export interface ProtobufField<T extends string> {
  readonly name: string;
  readonly type: T | 'string' | 'bytes';
  readonly repeated: boolean;
}

/** Makers of single and repeated fields whose messages are of type `T`. */
export function protobufFields<T extends string>(): {
  one(name: string, type: T | 'string' | 'bytes'): ProtobufField<T>;
  many(name: string, type: T | 'string' | 'bytes'): ProtobufField<T>;
} {
  return {
    one: (name, type) => ({ name, type, repeated: false }),
    many: (name, type) => ({ name, type, repeated: true }),
  };
}
