// Order-preserving binary encoding of key values: memcmp order of the encodings equals
// DynamoDB's order of the values (S and B by unsigned bytes, N numerically), so a Query is
// one SQLite range scan over BLOB columns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace drydock::storage {

// REQUIRES: value is S, N (canonical) or B.
std::string encode_key_value(const model::AttributeValue& value);

// The simulated-partition hash of an encoded partition key: 63 bits, non-negative so it
// orders the same as a signed SQLite INTEGER. Stable across versions (it is on disk).
std::int64_t partition_hash(std::string_view encoded_partition_key);

}  // namespace drydock::storage
