// Pins the item storage encoding: lossless round trip, and corrupt input is an error.
#include "model/binary_codec.h"

#include <gtest/gtest.h>

namespace drydock::model {
namespace {

Item sample() {
  return Item{
      {"s", AttributeValue::string("text")},
      {"n", AttributeValue::number("-1.5")},
      {"b", AttributeValue::binary(std::string("\0\x01\xff", 3))},
      {"t", AttributeValue::boolean(true)},
      {"z", AttributeValue::null()},
      {"l", AttributeValue::list({AttributeValue::string("x"), AttributeValue::number("2")})},
      {"m", AttributeValue::map({{"inner", AttributeValue::map({{"d", AttributeValue::null()}})}})},
      {"ss", AttributeValue::set(Type::SS, {"a", "b"})},
      {"ns", AttributeValue::set(Type::NS, {"1", "2.5"})},
      {"bs", AttributeValue::set(Type::BS, {std::string(1, '\0')})},
  };
}

TEST(BinaryCodec, RoundTripsEveryType) {
  auto encoded = encode_item(sample());
  auto decoded = decode_item(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, sample());
}

TEST(BinaryCodec, EveryTruncationIsAnErrorNotACrash) {
  auto encoded = encode_item(sample());
  for (std::size_t n = 0; n < encoded.size(); ++n) {
    EXPECT_FALSE(decode_item(std::string_view(encoded).substr(0, n)).has_value()) << n;
  }
}

TEST(BinaryCodec, GarbageIsAnError) {
  EXPECT_FALSE(decode_item("\x05\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff").has_value());
  EXPECT_FALSE(decode_item("\x01\x01" "a\x63").has_value());
}

}  // namespace
}  // namespace drydock::model
