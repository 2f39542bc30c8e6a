#include "storage/throughput/throttle.h"

namespace drydock::storage::throughput {

std::string Throttle::reason() const {
  std::string r = index ? "Index" : "Table";
  r += operation == Operation::kRead ? "Read" : "Write";
  switch (limit) {
    case ThrottleLimit::kProvisionedThroughputExceeded:
      r += "ProvisionedThroughputExceeded";
      break;
    case ThrottleLimit::kAccountLimitExceeded:
      r += "AccountLimitExceeded";
      break;
    case ThrottleLimit::kKeyRangeThroughputExceeded:
      r += "KeyRangeThroughputExceeded";
      break;
    case ThrottleLimit::kMaxOnDemandThroughputExceeded:
      r += "MaxOnDemandThroughputExceeded";
      break;
  }
  return r;
}

model::Error Throttle::error() const {
  if (on_demand) {
    return {model::ErrorCode::ThrottlingException,
            std::string(index ? kOnDemandIndexThrottledMessage : kOnDemandTableThrottledMessage)};
  }
  return {model::ErrorCode::ProvisionedThroughputExceededException,
          std::string(index ? kIndexThroughputExceededMessage : kTableThroughputExceededMessage)};
}

}  // namespace drydock::storage::throughput
