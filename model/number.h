// Number: DynamoDB's exact decimal number. Up to 38 significant digits, magnitude in
// [1E-130, 9.99..E+125] or zero. No binary floating point anywhere.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/error.h"

namespace drydock::model {

class Number {
 public:
  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxExponent = 125;   // of the leading digit (scientific form)
  static constexpr int kMinExponent = -130;

  Number() = default;  // zero

  // Parses DynamoDB's number syntax ([+-]digits[.digits][e[+-]digits]) and checks the
  // precision and range limits, with DynamoDB's messages.
  static Result<Number> parse(std::string_view text);

  // Canonical text as DynamoDB returns it: plain decimal notation, no exponent, no
  // leading or trailing zeros, "0" for zero.
  std::string to_string() const;

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  // Significant digits without leading/trailing zeros; empty for zero.
  const std::string& digits() const { return digits_; }
  // Exponent of the leading digit: value = 0.d1d2... * 10^(sci_exponent+1).
  int sci_exponent() const { return exponent_ + static_cast<int>(digits_.size()) - 1; }

  // Exact arithmetic. Fails with DynamoDB's messages when the result exceeds the
  // precision or range.
  Result<Number> add(const Number& other) const;
  Result<Number> subtract(const Number& other) const;
  Number negated() const;

  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

 private:
  Number(bool negative, std::string digits, int exponent);
  static Result<Number> make_checked(bool negative, std::string digits, int exponent);

  bool negative_ = false;
  std::string digits_;  // significant digits, first and last non-zero
  int exponent_ = 0;    // value = digits_ (as an integer) * 10^exponent_
};

}  // namespace drydock::model
