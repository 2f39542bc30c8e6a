// Namespaces: which database a request uses. Like DynamoDB Local, each (access key, region)
// pair has its own tables unless the server runs with -sharedDb, where everyone shares one.
#pragma once

#include <string>
#include <string_view>

namespace drydock::auth {

inline constexpr std::string_view kSharedDatabaseFile = "shared-local-instance.db";

// DynamoDB Local's database file name for a namespace: "shared-local-instance.db" when
// `shared`, else "<accessKey>_<region>.db" (for example "AKIDEXAMPLE_us-east-1.db").
//
// DynamoDB Local rejects access keys that are not letters and digits; drydock accepts any key
// and region and escapes what is unsafe in a file name instead, so that names stay distinct:
// every byte outside [A-Za-z0-9-] becomes "%XX" (upper-case hex), which also escapes the '_'
// separator and '/' and keeps "." and ".." from being names. A name longer than 255 bytes
// (the usual file-name limit) keeps its first 180 bytes followed by '~' and the SHA-256 of
// the full name, so it stays unique.
std::string namespace_file_name(std::string_view access_key, std::string_view region, bool shared);

}  // namespace drydock::auth
