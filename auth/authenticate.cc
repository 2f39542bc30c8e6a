#include "auth/authenticate.h"

#include <cstdio>
#include <optional>
#include <string>

namespace drydock::auth {
namespace {

using model::ErrorCode;
using model::fail;
using std::chrono::system_clock;

constexpr std::string_view kService = "dynamodb";
constexpr auto kAllowedSkew = std::chrono::minutes(15);
constexpr std::string_view kUnrecognizedClient =
    "The security token included in the request is invalid.";

int digits_value(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// 20150830T123600Z -> time point, if it is a real UTC instant in ISO 8601 basic format.
std::optional<system_clock::time_point> parse_iso_basic(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const int year = digits_value(text.substr(0, 4));
  const int month = digits_value(text.substr(4, 2));
  const int day = digits_value(text.substr(6, 2));
  const int hour = digits_value(text.substr(9, 2));
  const int minute = digits_value(text.substr(11, 2));
  const int second = digits_value(text.substr(13, 2));
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

std::string format_iso_basic(system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date(days);
  const std::chrono::hh_mm_ss clock(seconds - days);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

bool signs_host(std::string_view signed_headers) {
  std::size_t start = 0;
  while (start <= signed_headers.size()) {
    std::size_t end = signed_headers.find(';', start);
    if (end == std::string_view::npos) end = signed_headers.size();
    const std::string_view name = signed_headers.substr(start, end - start);
    if (name.size() == 4 && (name[0] | 0x20) == 'h' && (name[1] | 0x20) == 'o' &&
        (name[2] | 0x20) == 's' && (name[3] | 0x20) == 't') {
      return true;
    }
    start = end + 1;
  }
  return false;
}

// Last element of the Credential (its terminator), trailing slashes ignored.
std::string_view credential_terminator(std::string_view credential) {
  while (!credential.empty() && credential.back() == '/') credential.remove_suffix(1);
  const std::size_t slash = credential.rfind('/');
  return slash == std::string_view::npos ? credential : credential.substr(slash + 1);
}

// Step 8. DynamoDB lists every scope fault it finds, one sentence each.
model::Result<void> check_scope(const Credential& credential, std::string_view terminator,
                                std::string_view amz_date) {
  std::string message;
  auto add = [&message](std::string sentence) {
    if (!message.empty()) message += ' ';
    message += sentence;
  };
  if (credential.region.empty()) {
    add("Credential should be scoped to a valid region, not '" + credential.region + "'.");
  }
  if (credential.service != kService) {
    add("Credential should be scoped to correct service: '" + std::string(kService) + "'.");
  }
  if (terminator != kTerminator) {
    add("Credential should be scoped with a valid terminator: '" + std::string(kTerminator) +
        "', not '" + std::string(terminator) + "'.");
  }
  const std::string_view request_day = amz_date.substr(0, 8);
  if (credential.date != request_day) {
    add("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" +
        credential.date + "' != '" + std::string(request_day) + "', from '" +
        std::string(amz_date) + "'.");
  }
  if (!message.empty()) return fail(ErrorCode::InvalidSignatureException, std::move(message));
  return model::ok();
}

}  // namespace

model::Result<void> check_request_time(std::string_view amz_date, system_clock::time_point now) {
  const auto time = parse_iso_basic(amz_date);
  if (!time) {
    return fail(ErrorCode::IncompleteSignatureException,
                "Date must be in ISO-8601 'basic format'. Got '" + std::string(amz_date) +
                    "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  if (*time < now - kAllowedSkew) {
    return fail(ErrorCode::InvalidSignatureException,
                "Signature expired: " + std::string(amz_date) + " is now earlier than " +
                    format_iso_basic(now - kAllowedSkew) + " (" + format_iso_basic(now) +
                    " - 15 min.)");
  }
  if (*time > now + kAllowedSkew) {
    return fail(ErrorCode::InvalidSignatureException,
                "Signature not yet current: " + std::string(amz_date) + " is still later than " +
                    format_iso_basic(now + kAllowedSkew) + " (" + format_iso_basic(now) +
                    " + 15 min.)");
  }
  return model::ok();
}

model::Result<Credential> authenticate(const RequestView& request, const Credentials& credentials,
                                       system_clock::time_point now) {
  const bool strict = !credentials.empty();

  // 1-3: presence and syntax of the header.
  const std::optional<std::string_view> header = request.header("authorization");
  if (!header) {
    return fail(ErrorCode::MissingAuthenticationTokenException,
                "Request is missing Authentication Token");
  }
  const std::optional<std::string_view> amz_date_header = request.header("x-amz-date");
  const std::optional<std::string_view> date_header = request.header("date");
  std::optional<bool> has_date;
  if (strict) has_date = amz_date_header.has_value() || date_header.has_value();
  auto fields = split_authorization(*header, has_date);
  if (!fields) return std::unexpected(std::move(fields.error()));

  std::string amz_date;
  if (strict) {
    // 4: the request time. X-Amz-Date wins over Date; an unreadable Date header is reported
    // as it was sent.
    if (amz_date_header) {
      amz_date = *amz_date_header;
    } else {
      amz_date = request_date(request).value_or(std::string(*date_header));
    }
    if (auto time_ok = check_request_time(amz_date, now); !time_ok) {
      return std::unexpected(std::move(time_ok.error()));
    }
    // 5
    if (!signs_host(fields->signed_headers)) {
      return fail(ErrorCode::InvalidSignatureException,
                  "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
  }

  // 6-7
  auto credential = make_credential(*fields);
  if (!credential) return credential;

  if (!strict) {
    if (credential->access_key.empty()) {
      return fail(ErrorCode::UnrecognizedClientException, std::string(kUnrecognizedClient));
    }
    return credential;
  }

  // 8
  if (auto scope_ok = check_scope(*credential, credential_terminator(fields->credential), amz_date);
      !scope_ok) {
    return std::unexpected(std::move(scope_ok.error()));
  }
  // 9
  const std::optional<std::string_view> secret = credentials.secret_for(credential->access_key);
  if (!secret)
    return fail(ErrorCode::UnrecognizedClientException, std::string(kUnrecognizedClient));
  // 10
  if (auto signature_ok = verify(request, *credential, *secret); !signature_ok) {
    return std::unexpected(std::move(signature_ok.error()));
  }
  return credential;
}

}  // namespace drydock::auth
