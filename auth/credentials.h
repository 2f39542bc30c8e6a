// Credentials: the access keys the server knows, each with its secret key.
//
// An empty store is DynamoDB Local's mode: any access key is accepted and signatures are only
// parsed. A store with entries makes the server check requests as DynamoDB does: an unknown
// access key is UnrecognizedClientException, a wrong signature InvalidSignatureException
// (see authenticate()).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/error.h"

namespace drydock::auth {

class Credentials {
 public:
  Credentials() = default;

  // Reads the file format: one "ACCESS_KEY SECRET_KEY" pair per line, separated by spaces
  // or tabs; blank lines are skipped and a word starting with '#' starts a comment that runs
  // to the end of the line. A malformed line or a repeated access key is an error naming the
  // line (InternalFailure; it is a start-up error, never sent to a client).
  static model::Result<Credentials> parse(std::string_view text);
  static model::Result<Credentials> load_file(const std::filesystem::path& path);

  // Adds or replaces one key.
  void add(std::string access_key, std::string secret_key);

  bool empty() const { return secrets_.empty(); }
  std::size_t size() const { return secrets_.size(); }

  // The secret key of `access_key` (case-sensitive, as AWS treats key ids), if known.
  std::optional<std::string_view> secret_for(std::string_view access_key) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> secrets_;
};

}  // namespace drydock::auth
