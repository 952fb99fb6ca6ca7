// The .proto files Confluent's Protobuf converter imports without schema references, because its
// registry knows them: Google's well-known types (shipped with protobufjs) and the logical types
// and field metadata Confluent defines (written out here, as published by Google and Confluent).
import protobuf from 'protobufjs';

const DEFINED: Record<string, string> = {
  'google/type/date.proto': `syntax = "proto3";
package google.type;
message Date { int32 year = 1; int32 month = 2; int32 day = 3; }`,
  'google/type/timeofday.proto': `syntax = "proto3";
package google.type;
message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }`,
  'confluent/type/decimal.proto': `syntax = "proto3";
package confluent.type;
message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }`,
  // Only the message: protobufjs keeps custom options as parsed, without their extensions.
  'confluent/meta.proto': `syntax = "proto3";
package confluent;
message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }`,
};

/** Adds a well-known import to `root`; false when `file` is not one. */
export function addWellKnown(root: protobuf.Root, file: string, added: Set<string>): boolean {
  if (added.has(file)) return true;
  const common = protobuf.common.get(file);
  if (common) {
    added.add(file);
    root.addJSON(common.nested as Record<string, protobuf.AnyNestedObject>);
    return true;
  }
  const text = DEFINED[file];
  if (text === undefined) return false;
  added.add(file);
  const parsed = protobuf.parse(text, root, { keepCase: true });
  for (const dependency of parsed.imports ?? []) addWellKnown(root, dependency, added);
  return true;
}
