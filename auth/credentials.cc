#include "auth/credentials.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace drydock::auth {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The words of one line, up to a word that starts a comment.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i == line.size() || line[i] == '#') break;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

model::Result<Credentials> Credentials::parse(std::string_view text) {
  Credentials credentials;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;

    const std::vector<std::string_view> fields = words(line);
    if (fields.empty()) continue;
    if (fields.size() != 2) {
      return std::unexpected(model::Error::internal(
          "line " + std::to_string(line_number) + ": expected 'ACCESS_KEY SECRET_KEY', got " +
          std::to_string(fields.size()) + (fields.size() == 1 ? " word" : " words")));
    }
    if (credentials.secret_for(fields[0])) {
      return std::unexpected(model::Error::internal("line " + std::to_string(line_number) +
                                                    ": access key '" + std::string(fields[0]) +
                                                    "' is listed twice"));
    }
    credentials.add(std::string(fields[0]), std::string(fields[1]));
  }
  return credentials;
}

model::Result<Credentials> Credentials::load_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected(model::Error::internal("cannot read credentials file " + path.string()));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return std::unexpected(model::Error::internal("cannot read credentials file " + path.string()));
  }
  auto parsed = parse(contents.str());
  if (!parsed) {
    parsed.error().message = "credentials file " + path.string() + ": " + parsed.error().message;
  }
  return parsed;
}

void Credentials::add(std::string access_key, std::string secret_key) {
  secrets_.insert_or_assign(std::move(access_key), std::move(secret_key));
}

std::optional<std::string_view> Credentials::secret_for(std::string_view access_key) const {
  const auto it = secrets_.find(access_key);
  if (it == secrets_.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace drydock::auth
