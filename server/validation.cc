#include "server/validation.h"

#include <algorithm>

namespace drydock::server {

std::string quote(std::string_view value) {
  std::string out = "'";
  out += value;
  out += "'";
  return out;
}

void Validation::violation(std::string_view rendered_value, std::string_view field,
                           std::string_view constraint) {
  std::string e = "Value";
  if (!rendered_value.empty()) {
    e += ' ';
    e += rendered_value;
  }
  e += " at '";
  e += field;
  e += "' failed to satisfy constraint: ";
  e += constraint;
  errors_.push_back(std::move(e));
}

void Validation::not_null(bool present, std::string_view field) {
  if (!present) violation("null", field, "Member must not be null");
}

namespace {

bool is_name_pattern(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '-';
  });
}

}  // namespace

void Validation::name(std::optional<std::string_view> value, std::string_view param,
                      std::string_view field, bool required) {
  if (!value) {
    if (required) {
      later("The parameter '" + std::string(param) + "' is required but was not present in the "
            "request");
    }
    return;
  }
  if (!is_name_pattern(*value)) {
    violation(quote(*value), field, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  if (value->size() < 3 || value->size() > 255) {
    later(std::string(param) + " must be at least 3 characters long and at most 255 characters long");
  }
}

void Validation::index_name(std::optional<std::string_view> value, std::string_view field,
                            bool required) {
  if (!value) {
    if (required) not_null(false, field);
    return;
  }
  min_length(value, field, 3);
  max_length(value, field, 255);
  if (value->empty() || !is_name_pattern(*value)) {  // the pattern's "+": one at least
    violation(quote(*value), field, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
}

void Validation::later(std::string message) { later_.push_back(std::move(message)); }

void Validation::min_length(std::optional<std::string_view> value, std::string_view field,
                            std::size_t min) {
  if (value && value->size() < min) {
    violation(quote(*value), field,
              "Member must have length greater than or equal to " + std::to_string(min));
  }
}

void Validation::max_length(std::optional<std::string_view> value, std::string_view field,
                            std::size_t max) {
  if (value && value->size() > max) {
    violation(quote(*value), field,
              "Member must have length less than or equal to " + std::to_string(max));
  }
}

void Validation::enum_value(std::optional<std::string_view> value, std::string_view field,
                            std::span<const std::string_view> allowed,
                            std::string_view rendered_set) {
  if (!value) return;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return;
  violation(quote(*value), field,
            "Member must satisfy enum value set: " + std::string(rendered_set));
}

void Validation::min_value(std::optional<std::int64_t> value, std::string_view field,
                           std::int64_t min) {
  if (value && *value < min) {
    violation(quote(std::to_string(*value)), field,
              "Member must have value greater than or equal to " + std::to_string(min));
  }
}

void Validation::max_value(std::optional<std::int64_t> value, std::string_view field,
                           std::int64_t max) {
  if (value && *value > max) {
    violation(quote(std::to_string(*value)), field,
              "Member must have value less than or equal to " + std::to_string(max));
  }
}

model::Result<void> Validation::result() const {
  if (errors_.empty()) {
    if (later_.empty()) return {};
    return model::fail_validation(later_.front());
  }
  std::string message = std::to_string(errors_.size());
  message += errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ";
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i];
  }
  return model::fail_validation(std::move(message));
}

}  // namespace drydock::server
