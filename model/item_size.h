// Item size by DynamoDB's documented rules (Developer Guide, "Item sizes and formats"):
// names and strings count their UTF-8 bytes, binary its raw bytes, a number 1 byte per two
// significant digits plus 1, BOOL and NULL 1 byte, a list or map 3 bytes plus 1 byte per
// element plus the elements, a set the sum of its members.
#pragma once

#include <cstddef>

#include "model/attribute_value.h"

namespace drydock::model {

constexpr std::size_t kMaxItemSize = 400 * 1024;
constexpr std::size_t kMaxPartitionKeySize = 2048;
constexpr std::size_t kMaxSortKeySize = 1024;

std::size_t number_size(std::string_view canonical);
std::size_t value_size(const AttributeValue& value);
std::size_t attribute_size(std::string_view name, const AttributeValue& value);
std::size_t item_size(const Item& item);

}  // namespace drydock::model
