#include "model/number.h"

#include <algorithm>
#include <cstdlib>

namespace drydock::model {
namespace {

constexpr std::string_view kNotANumber = "The parameter cannot be converted to a numeric value";
constexpr std::string_view kPrecision = "Attempting to store more than 38 significant digits in a Number";
constexpr std::string_view kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr std::string_view kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

// "The parameter cannot be converted to a numeric value: abc" (no suffix for "").
std::unexpected<Error> not_a_number(std::string_view text) {
  std::string message(kNotANumber);
  if (!text.empty()) {
    message += ": ";
    message += text;
  }
  return fail_validation(std::move(message));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Removes leading zeros from the digit string and trailing zeros into the exponent.
void trim(std::string& digits, int& exponent) {
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits.clear();
    exponent = 0;
    return;
  }
  std::size_t last = digits.find_last_not_of('0');
  exponent += static_cast<int>(digits.size() - 1 - last);
  digits = digits.substr(first, last - first + 1);
}

// Compares magnitudes |a| and |b| given as trimmed digits and exponents.
std::strong_ordering compare_magnitude(const std::string& ad, int ae, const std::string& bd,
                                       int be) {
  if (ad.empty() || bd.empty()) {
    if (ad.empty() && bd.empty()) return std::strong_ordering::equal;
    return ad.empty() ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  int as = ae + static_cast<int>(ad.size());
  int bs = be + static_cast<int>(bd.size());
  if (as != bs) return as <=> bs;
  std::size_t n = std::max(ad.size(), bd.size());
  for (std::size_t i = 0; i < n; ++i) {
    char a = i < ad.size() ? ad[i] : '0';
    char b = i < bd.size() ? bd[i] : '0';
    if (a != b) return a <=> b;
  }
  return std::strong_ordering::equal;
}

// Aligns two magnitudes to a common exponent as equal-length digit strings.
void align(const std::string& ad, int ae, const std::string& bd, int be, std::string& a,
           std::string& b, int& exponent) {
  exponent = std::min(ae, be);
  a = ad + std::string(static_cast<std::size_t>(ae - exponent), '0');
  b = bd + std::string(static_cast<std::size_t>(be - exponent), '0');
  std::size_t n = std::max(a.size(), b.size());
  a.insert(0, n - a.size(), '0');
  b.insert(0, n - b.size(), '0');
}

}  // namespace

Number::Number(bool negative, std::string digits, int exponent)
    : negative_(negative), digits_(std::move(digits)), exponent_(exponent) {
  if (digits_.empty()) negative_ = false;
}

Result<Number> Number::make_checked(bool negative, std::string digits, int exponent) {
  trim(digits, exponent);
  if (digits.empty()) return Number();
  int sci = exponent + static_cast<int>(digits.size()) - 1;
  if (sci > kMaxExponent) return fail_validation(std::string(kOverflow));
  if (sci < kMinExponent) return fail_validation(std::string(kUnderflow));
  if (digits.size() > static_cast<std::size_t>(kMaxDigits)) {
    return fail_validation(std::string(kPrecision));
  }
  return Number(negative, std::move(digits), exponent);
}

Result<Number> Number::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int exponent = 0;
  bool any_digit = false;
  while (i < text.size() && is_digit(text[i])) {
    digits.push_back(text[i++]);
    any_digit = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) {
      digits.push_back(text[i++]);
      --exponent;
      any_digit = true;
    }
  }
  if (!any_digit) return not_a_number(text);
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i >= text.size()) return not_a_number(text);
    long long e = 0;
    while (i < text.size() && is_digit(text[i])) {
      if (e < 1'000'000'000) e = e * 10 + (text[i] - '0');
      ++i;
    }
    exponent += static_cast<int>(exp_negative ? -e : e);
  }
  if (i != text.size()) return not_a_number(text);
  // Leading zeros of a long literal do not count towards precision.
  return make_checked(negative, std::move(digits), exponent);
}

std::string Number::to_string() const {
  if (digits_.empty()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  int n = static_cast<int>(digits_.size());
  if (exponent_ >= 0) {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_), '0');
  } else if (-exponent_ < n) {
    out.append(digits_, 0, static_cast<std::size_t>(n + exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<std::size_t>(n + exponent_));
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_ - n), '0');
    out += digits_;
  }
  return out;
}

Number Number::negated() const { return Number(!negative_, digits_, exponent_); }

Result<Number> Number::add(const Number& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;
  std::string a, b;
  int exponent;
  align(digits_, exponent_, other.digits_, other.exponent_, a, b, exponent);
  std::string sum(a.size() + 1, '0');
  bool negative;
  if (negative_ == other.negative_) {
    int carry = 0;
    for (std::size_t i = a.size(); i-- > 0;) {
      int d = (a[i] - '0') + (b[i] - '0') + carry;
      sum[i + 1] = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
    sum[0] = static_cast<char>('0' + carry);
    negative = negative_;
  } else {
    auto cmp = compare_magnitude(digits_, exponent_, other.digits_, other.exponent_);
    if (cmp == std::strong_ordering::equal) return Number();
    const std::string& big = cmp == std::strong_ordering::greater ? a : b;
    const std::string& small = cmp == std::strong_ordering::greater ? b : a;
    negative = cmp == std::strong_ordering::greater ? negative_ : other.negative_;
    int borrow = 0;
    for (std::size_t i = big.size(); i-- > 0;) {
      int d = (big[i] - '0') - (small[i] - '0') - borrow;
      borrow = d < 0 ? 1 : 0;
      sum[i + 1] = static_cast<char>('0' + (d + 10) % 10);
    }
  }
  return make_checked(negative, std::move(sum), exponent);
}

Result<Number> Number::subtract(const Number& other) const { return add(other.negated()); }

std::strong_ordering Number::operator<=>(const Number& other) const {
  if (negative_ != other.negative_) {
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  auto mag = compare_magnitude(digits_, exponent_, other.digits_, other.exponent_);
  if (negative_) return 0 <=> mag;
  return mag;
}

}  // namespace drydock::model
