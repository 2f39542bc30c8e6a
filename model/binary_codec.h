// Compact binary encoding of items, the storage format of item rows. Format version 1:
//   item  := varint(count) (string(name) value)*
//   value := tag(Type as one byte) payload
//   S/N/B: string;  BOOL: one byte;  NULL: nothing;  L: varint(count) value*;
//   M: varint(count) (string value)*;  SS/NS/BS: varint(count) string*
//   string := varint(length) bytes;  varint is LEB128.
#pragma once

#include <string>
#include <string_view>

#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::model {

constexpr int kItemFormatVersion = 1;

void encode_item(const Item& item, std::string& out);
std::string encode_item(const Item& item);
// Fails with InternalFailure on corrupt input (never crashes).
Result<Item> decode_item(std::string_view data);

}  // namespace drydock::model
