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

// Receives an encoded item's contents in order, without building an Item: how a read
// writes stored items straight to the wire. A map's or list's members come between its
// begin_ and end_ calls; a map's entries are key() then the value.
class ItemVisitor {
 public:
  virtual ~ItemVisitor() = default;
  virtual void begin_map() = 0;
  virtual void key(std::string_view name) = 0;
  virtual void end_map() = 0;
  virtual void begin_list() = 0;
  virtual void end_list() = 0;
  virtual void scalar(Type type, std::string_view value) = 0;  // S, N, B
  virtual void boolean(bool value) = 0;
  virtual void null() = 0;
  virtual void begin_set(Type type) = 0;  // SS, NS, BS
  virtual void set_member(Type type, std::string_view value) = 0;
  virtual void end_set() = 0;
};

// Walks an encoded item (the item itself arrives as a map). Fails with InternalFailure on
// corrupt input, possibly after some calls.
Result<void> visit_item(std::string_view data, ItemVisitor& visitor);

}  // namespace drydock::model
