// Pins DynamoDB's number syntax, normalisation, limits and exact arithmetic.
#include "model/number.h"

#include <gtest/gtest.h>

namespace drydock::model {
namespace {

struct Canon {
  const char* in;
  const char* out;
};

class NumberCanonical : public ::testing::TestWithParam<Canon> {};

TEST_P(NumberCanonical, NormalisesLikeDynamoDB) {
  auto n = Number::parse(GetParam().in);
  ASSERT_TRUE(n.has_value()) << GetParam().in << ": " << n.error().message;
  EXPECT_EQ(n->to_string(), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NumberCanonical,
    ::testing::Values(Canon{"1.50", "1.5"}, Canon{"01", "1"}, Canon{"-0", "0"},
                      Canon{"1e2", "100"}, Canon{".5", "0.5"}, Canon{"+1", "1"},
                      Canon{"1.", "1"}, Canon{"0.00", "0"}, Canon{"1.0e-5", "0.00001"},
                      Canon{"-12.340", "-12.34"}, Canon{"1E+2", "100"},
                      Canon{"12345678901234567890123456789012345678",
                            "12345678901234567890123456789012345678"},
                      Canon{"100000000000000000000000000000000000000000",
                            "100000000000000000000000000000000000000000"},
                      Canon{"0000000000000000000000000000000000000000001", "1"},
                      Canon{"1E-130",
                            "0.0000000000000000000000000000000000000000000000000000000000000000000"
                            "000000000000000000000000000000000000000000000000000000000000001"}));

struct Bad {
  const char* in;
  const char* message;
};

class NumberInvalid : public ::testing::TestWithParam<Bad> {};

TEST_P(NumberInvalid, RejectsWithDynamoDBMessage) {
  auto n = Number::parse(GetParam().in);
  ASSERT_FALSE(n.has_value()) << GetParam().in;
  EXPECT_EQ(n.error().code, ErrorCode::ValidationException);
  EXPECT_EQ(n.error().message, GetParam().message);
}

constexpr const char* kNaN = "The parameter cannot be converted to a numeric value";
INSTANTIATE_TEST_SUITE_P(
    Cases, NumberInvalid,
    ::testing::Values(
        Bad{" 1", "The parameter cannot be converted to a numeric value: " " 1"}, Bad{"abc", "The parameter cannot be converted to a numeric value: " "abc"}, Bad{"1e", "The parameter cannot be converted to a numeric value: " "1e"}, Bad{"--1", "The parameter cannot be converted to a numeric value: " "--1"}, Bad{"", kNaN},
        Bad{".", "The parameter cannot be converted to a numeric value: " "."}, Bad{"1e+", "The parameter cannot be converted to a numeric value: " "1e+"}, Bad{"0x10", "The parameter cannot be converted to a numeric value: " "0x10"},
        Bad{"1e126", "Number overflow. Attempting to store a number with magnitude larger than "
                     "supported range"},
        Bad{"1e-131", "Number underflow. Attempting to store a number with magnitude smaller than "
                      "supported range"},
        Bad{"123456789012345678901234567890123456789",
            "Attempting to store more than 38 significant digits in a Number"}));

Number num(const char* s) { return *Number::parse(s); }

TEST(Number, OrdersNumerically) {
  EXPECT_LT(num("-10"), num("-9"));
  EXPECT_LT(num("-1"), num("0"));
  EXPECT_LT(num("0"), num("0.001"));
  EXPECT_LT(num("9"), num("10"));
  EXPECT_LT(num("1.5"), num("1.51"));
  EXPECT_EQ(num("1.50"), num("1.5"));
  EXPECT_GT(num("1e125"), num("9.9e124"));
}

TEST(Number, AddsAndSubtractsExactly) {
  EXPECT_EQ(num("0.1").add(num("0.2"))->to_string(), "0.3");
  EXPECT_EQ(num("1").subtract(num("3"))->to_string(), "-2");
  EXPECT_EQ(num("-5").add(num("5"))->to_string(), "0");
  EXPECT_EQ(num("99999999999999999999999999999999999999").subtract(num("1"))->to_string(),
            "99999999999999999999999999999999999998");
  EXPECT_EQ(num("1e100").add(num("1e100"))->to_string(), "2" + std::string(100, '0'));
  EXPECT_EQ(num("-1.25").add(num("0.05"))->to_string(), "-1.2");
}

TEST(Number, ArithmeticPastPrecisionFails) {
  auto r = num("99999999999999999999999999999999999999").add(num("0.1"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "Attempting to store more than 38 significant digits in a Number");
  auto o = num("9.9999999999999999999999999999999999999e125").add(num("1e125"));
  ASSERT_FALSE(o.has_value());
  EXPECT_EQ(o.error().message,
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
}

}  // namespace
}  // namespace drydock::model
