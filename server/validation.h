// Collects Coral-style constraint violations and renders DynamoDB's message:
//   "2 validation errors detected: Value 'x' at 'tableName' failed to satisfy constraint:
//    Member must ...; Value null at 'keySchema' failed to satisfy constraint: ..."
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace drydock::server {

class Validation {
 public:
  // A raw constraint message for a field whose value is already rendered ('x', null, 5);
  // an empty rendering leaves the value out ("Value at 'Limit' ..."), as newer DynamoDB
  // validators write it.
  void violation(std::string_view rendered_value, std::string_view field,
                 std::string_view constraint);

  void not_null(bool present, std::string_view field);
  // DynamoDB's table and index name rules: the pattern [a-zA-Z0-9_.-]+ is a constraint;
  // presence and the 3 to 255 characters are checked after the constraints, with their own
  // messages ("The parameter 'TableName' is required but was not present in the request",
  // "TableName must be at least 3 characters long and at most 255 characters long").
  // `param` is the wire name (TableName), `field` the constraint path (tableName).
  void name(std::optional<std::string_view> value, std::string_view param, std::string_view field,
            bool required = true);
  // An index name: unlike a table name, its 3 to 255 characters are constraints too,
  // reported before the pattern ("Value 'ab' at 'globalSecondaryIndexes.1.member.indexName'
  // failed to satisfy constraint: Member must have length greater than or equal to 3").
  void index_name(std::optional<std::string_view> value, std::string_view field, bool required);
  // A check that runs after the constraints: reported only when no constraint failed, and
  // only the first one.
  void later(std::string message);
  void min_length(std::optional<std::string_view> value, std::string_view field, std::size_t min);
  void max_length(std::optional<std::string_view> value, std::string_view field, std::size_t max);
  void enum_value(std::optional<std::string_view> value, std::string_view field,
                  std::span<const std::string_view> allowed, std::string_view rendered_set);
  void min_value(std::optional<std::int64_t> value, std::string_view field, std::int64_t min);
  void max_value(std::optional<std::int64_t> value, std::string_view field, std::int64_t max);

  // Ok when nothing was violated, else the ValidationException with every violation.
  model::Result<void> result() const;

 private:
  std::vector<std::string> errors_;
  std::vector<std::string> later_;
};

std::string quote(std::string_view value);  // 'value'

}  // namespace drydock::server
