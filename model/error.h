// Error: DynamoDB's error as a value. Raised anywhere below server/ and turned into an
// HTTP response ({"__type": ..., "message": ...} + status) in exactly one place.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace drydock::model {

// Each enumerator is spelled as DynamoDB's wire name, so one table maps both.
enum class ErrorCode : std::uint8_t {
  // com.amazon.coral.validate#
  ValidationException,
  // com.amazon.coral.service#
  SerializationException,
  UnknownOperationException,
  MissingAuthenticationTokenException,
  IncompleteSignatureException,
  InvalidSignatureException,
  UnrecognizedClientException,
  AccessDeniedException,
  InternalFailure,
  // com.amazonaws.dynamodb.v20120810#
  ResourceNotFoundException,
  ResourceInUseException,
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  ItemCollectionSizeLimitExceededException,
  LimitExceededException,
  TransactionCanceledException,
  TransactionConflictException,
  RequestLimitExceeded,
  InternalServerError,
  // com.amazon.coral.availability#
  ThrottlingException,
};

struct ErrorInfo {
  std::string_view type;  // full __type, e.g. "com.amazon.coral.validate#ValidationException"
  int http_status;
};

// The one table: code -> __type and HTTP status.
const ErrorInfo& error_info(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
  // ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD: the
  // item as it was, returned in the error body as "Item".
  std::shared_ptr<const AttributeMap> item = nullptr;

  std::string_view type() const { return error_info(code).type; }
  int http_status() const { return error_info(code).http_status; }

  static Error validation(std::string message) {
    return {ErrorCode::ValidationException, std::move(message)};
  }
  static Error resource_not_found(std::string message = "Requested resource not found") {
    return {ErrorCode::ResourceNotFoundException, std::move(message)};
  }
  static Error internal(std::string message) {
    return {ErrorCode::InternalFailure, std::move(message)};
  }
  static Error condition_failed(std::shared_ptr<const AttributeMap> old_item = nullptr) {
    return {ErrorCode::ConditionalCheckFailedException, "The conditional request failed",
            std::move(old_item)};
  }
};

template <typename T>
using Result = std::expected<T, Error>;

// Result<void> success value, for readability: `return ok();`
inline Result<void> ok() { return {}; }

inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}
inline std::unexpected<Error> fail_validation(std::string message) {
  return std::unexpected(Error::validation(std::move(message)));
}

}  // namespace drydock::model
