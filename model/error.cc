#include "model/error.h"

#include <array>

namespace drydock::model {
namespace {


struct Row {
  ErrorCode code;
  ErrorInfo info;
};

constexpr std::array kTable = {
    Row{ErrorCode::ValidationException,
        {"com.amazon.coral.validate#ValidationException", 400}},
    Row{ErrorCode::SerializationException,
        {"com.amazon.coral.service#SerializationException", 400}},
    Row{ErrorCode::UnknownOperationException,
        {"com.amazon.coral.service#UnknownOperationException", 400}},
    Row{ErrorCode::MissingAuthenticationTokenException,
        {"com.amazon.coral.service#MissingAuthenticationTokenException", 400}},
    Row{ErrorCode::IncompleteSignatureException,
        {"com.amazon.coral.service#IncompleteSignatureException", 400}},
    Row{ErrorCode::InvalidSignatureException,
        {"com.amazon.coral.service#InvalidSignatureException", 400}},
    Row{ErrorCode::UnrecognizedClientException,
        {"com.amazon.coral.service#UnrecognizedClientException", 400}},
    Row{ErrorCode::AccessDeniedException,
        {"com.amazon.coral.service#AccessDeniedException", 400}},
    Row{ErrorCode::InternalFailure, {"com.amazon.coral.service#InternalFailure", 500}},
    Row{ErrorCode::ResourceNotFoundException,
        {"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", 400}},
    Row{ErrorCode::ResourceInUseException,
        {"com.amazonaws.dynamodb.v20120810#ResourceInUseException", 400}},
    Row{ErrorCode::ConditionalCheckFailedException,
        {"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", 400}},
    Row{ErrorCode::ProvisionedThroughputExceededException,
        {"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", 400}},
    Row{ErrorCode::ItemCollectionSizeLimitExceededException,
        {"com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException", 400}},
    Row{ErrorCode::LimitExceededException,
        {"com.amazonaws.dynamodb.v20120810#LimitExceededException", 400}},
    Row{ErrorCode::TransactionCanceledException,
        {"com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400}},
    Row{ErrorCode::TransactionConflictException,
        {"com.amazonaws.dynamodb.v20120810#TransactionConflictException", 400}},
    Row{ErrorCode::RequestLimitExceeded,
        {"com.amazonaws.dynamodb.v20120810#RequestLimitExceeded", 400}},
    Row{ErrorCode::InternalServerError,
        {"com.amazonaws.dynamodb.v20120810#InternalServerError", 500}},
    Row{ErrorCode::ThrottlingException,
        {"com.amazon.coral.availability#ThrottlingException", 400}},
};

constexpr bool table_is_indexed_by_code() {
  for (std::size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<std::size_t>(kTable[i].code) != i) return false;
  }
  return true;
}
static_assert(table_is_indexed_by_code(), "kTable rows must follow ErrorCode order");

}  // namespace

const ErrorInfo& error_info(ErrorCode code) {
  return kTable[static_cast<std::size_t>(code)].info;
}

}  // namespace drydock::model
