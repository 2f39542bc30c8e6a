// authenticate(): DynamoDB's authentication checks on one request, in DynamoDB's order, so
// that a request with several faults gets the error DynamoDB would give.
#pragma once

#include <chrono>
#include <string_view>

#include "auth/credentials.h"
#include "auth/sigv4.h"
#include "model/error.h"

namespace drydock::auth {

// Checks the request's SigV4 Authorization header and returns its credential; the access key
// and region name the caller's namespace (namespace_file_name()).
//
// With an empty `credentials` store (DynamoDB Local's mode) only the header's syntax is
// checked, with DynamoDB's errors:
//   1. no Authorization header, or not "AWS4-..."   MissingAuthenticationTokenException
//   2. a part without '='                           IncompleteSignatureException
//   3. Credential/Signature/SignedHeaders missing   IncompleteSignatureException
//   6. algorithm not AWS4-HMAC-SHA256               IncompleteSignatureException
//   7. Credential without 5 parts                   IncompleteSignatureException
//   and an empty access key is UnrecognizedClientException.
// With entries, every check DynamoDB makes applies, in this order:
//   1-3 as above, step 3 also requiring an X-Amz-Date or Date header;
//   4. X-Amz-Date not ISO 8601 basic                IncompleteSignatureException
//      request time more than 15 minutes from `now` InvalidSignatureException
//   5. "host" not among the signed headers          InvalidSignatureException
//   6-7 as above;
//   8. scope: empty region, service not "dynamodb", terminator not "aws4_request", date not
//      the request's day                            InvalidSignatureException
//   9. access key not in the store                  UnrecognizedClientException
//  10. signature mismatch                           InvalidSignatureException
// Any region is valid: each region is its own namespace, as in DynamoDB Local.
model::Result<Credential> authenticate(
    const RequestView& request, const Credentials& credentials,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Step 4 alone: `amz_date` must be ISO 8601 basic (20150830T123600Z), and within 15 minutes
// of `now` either way, with DynamoDB's messages.
model::Result<void> check_request_time(std::string_view amz_date,
                                       std::chrono::system_clock::time_point now);

}  // namespace drydock::auth
