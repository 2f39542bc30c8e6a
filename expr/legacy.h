// The legacy (pre-expression) parameters, still sent by older SDKs and mappers: Expected +
// ConditionalOperator, QueryFilter / ScanFilter / KeyConditions, AttributeUpdates and
// AttributesToGet. The server decodes their JSON into these plain structs; the builders
// validate them with DynamoDB's messages and produce the same resolved trees as the
// expression languages, so evaluation has one implementation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/resolved.h"
#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::expr {

enum class ComparisonOperator : std::uint8_t {
  EQ, NE, LE, LT, GE, GT, NOT_NULL, NULL_, CONTAINS, NOT_CONTAINS, BEGINS_WITH, IN, BETWEEN,
};
std::string_view operator_name(ComparisonOperator op);  // wire spelling ("NULL" for NULL_)
// Fails with "Comparison type does not exist in DynamoDB" for an unknown name.
model::Result<ComparisonOperator> parse_comparison_operator(std::string_view name);

enum class ConditionalOperator : std::uint8_t { AND, OR };

// One entry of Expected: {Exists, Value} or {ComparisonOperator, AttributeValueList} (or
// Value with ComparisonOperator).
struct ExpectedCondition {
  std::optional<bool> exists;
  std::optional<model::AttributeValue> value;
  std::optional<ComparisonOperator> op;
  std::optional<std::vector<model::AttributeValue>> values;  // AttributeValueList
};
using ExpectedMap = std::map<std::string, ExpectedCondition, std::less<>>;

// One entry of QueryFilter, ScanFilter or KeyConditions.
struct FilterCondition {
  ComparisonOperator op = ComparisonOperator::EQ;
  std::vector<model::AttributeValue> values;  // AttributeValueList
};
using FilterMap = std::map<std::string, FilterCondition, std::less<>>;

// Expected -> condition (all entries joined with ConditionalOperator, AND by default).
// Messages: "One or more parameter values were invalid: Value must be provided when Exists
// is true for Attribute: a", "... Value cannot be used when Exists is false for Attribute:
// a", "... Value must be provided when Exists is null for Attribute: a", "... Value or
// AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a", and the
// checks of build_filter.
model::Result<Condition> build_expected(const ExpectedMap& expected, ConditionalOperator op);

// QueryFilter / ScanFilter / KeyConditions -> condition. Messages: "One or more parameter
// values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator", "...
// ComparisonOperator LT is not valid for BOOL AttributeValue type", "The BETWEEN condition
// was provided a range where the lower bound is greater than the upper bound".
// (KeyConditions: then key_condition_from() in key_condition.h.)
model::Result<Condition> build_filter(const FilterMap& filter, ConditionalOperator op);

// AttributeUpdates entry.
struct AttributeUpdate {
  enum class Action : std::uint8_t { PUT, ADD, DELETE };
  Action action = Action::PUT;
  std::optional<model::AttributeValue> value;
};
using AttributeUpdateMap = std::map<std::string, AttributeUpdate, std::less<>>;

// AttributeUpdates -> update (apply with apply_update; the result has Update::legacy set).
// Messages: "One or more parameter values were invalid: Only DELETE action is allowed when
// no attribute value is specified", "... ADD action is not supported for the type STRING",
// "... DELETE action with value is not supported for the type NUMBER"; at apply time "Type
// mismatch for attribute to update" and the key-attribute message.
model::Result<Update> build_attribute_updates(const AttributeUpdateMap& updates);

// AttributesToGet -> projection of top-level attributes.
Projection build_attributes_to_get(const std::vector<std::string>& names);

// "Can not use both expression and non-expression parameters in the same request:
// Non-expression parameters: {AttributeUpdates, Expected} Expression parameters:
// {ConditionExpression}" when both lists are non-empty (each listed in the caller's order,
// which is DynamoDB's).
model::Result<void> check_no_mixing(std::vector<std::string_view> legacy_params,
                                    std::vector<std::string_view> expression_params);

}  // namespace drydock::expr
