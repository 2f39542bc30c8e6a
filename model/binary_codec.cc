#include "model/binary_codec.h"

namespace drydock::model {
namespace {

constexpr int kMaxDepth = 64;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

void put_value(std::string& out, const AttributeValue& v) {
  out.push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case Type::S:
    case Type::N:
    case Type::B:
      put_string(out, v.scalar());
      break;
    case Type::BOOL:
      out.push_back(v.boolean_value() ? 1 : 0);
      break;
    case Type::NULL_:
      break;
    case Type::L:
      put_varint(out, v.list_value().size());
      for (const auto& e : v.list_value()) put_value(out, e);
      break;
    case Type::M:
      put_varint(out, v.map_value().size());
      for (const auto& [k, e] : v.map_value()) {
        put_string(out, k);
        put_value(out, e);
      }
      break;
    case Type::SS:
    case Type::NS:
    case Type::BS:
      put_varint(out, v.set_value().size());
      for (const auto& m : v.set_value()) put_string(out, m);
      break;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool string(std::string& s) {
    std::uint64_t n;
    if (!varint(n) || n > data_.size() - pos_) return false;
    s.assign(data_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool view(std::string_view& s) {
    std::uint64_t n;
    if (!varint(n) || n > data_.size() - pos_) return false;
    s = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool count(std::uint64_t& n) {
    // Every element takes at least one byte, which bounds allocations on corrupt input.
    return varint(n) && n <= data_.size() - pos_;
  }
  bool byte(unsigned char& b) {
    if (pos_ >= data_.size()) return false;
    b = static_cast<unsigned char>(data_[pos_++]);
    return true;
  }
  bool done() const { return pos_ == data_.size(); }

  bool value(AttributeValue& out, int depth) {
    unsigned char tag;
    if (depth > kMaxDepth || !byte(tag) || tag > static_cast<unsigned char>(Type::BS)) {
      return false;
    }
    auto type = static_cast<Type>(tag);
    switch (type) {
      case Type::S:
      case Type::N:
      case Type::B: {
        std::string s;
        if (!string(s)) return false;
        out = type == Type::S   ? AttributeValue::string(std::move(s))
              : type == Type::N ? AttributeValue::number(std::move(s))
                                : AttributeValue::binary(std::move(s));
        return true;
      }
      case Type::BOOL: {
        unsigned char b;
        if (!byte(b)) return false;
        out = AttributeValue::boolean(b != 0);
        return true;
      }
      case Type::NULL_:
        out = AttributeValue::null();
        return true;
      case Type::L: {
        std::uint64_t n;
        if (!count(n)) return false;
        AttributeValue::List list(n);
        for (auto& e : list) {
          if (!value(e, depth + 1)) return false;
        }
        out = AttributeValue::list(std::move(list));
        return true;
      }
      case Type::M: {
        AttributeValue::Map map;
        if (!entries(map, depth + 1)) return false;
        out = AttributeValue::map(std::move(map));
        return true;
      }
      case Type::SS:
      case Type::NS:
      case Type::BS: {
        std::uint64_t n;
        if (!count(n)) return false;
        AttributeValue::Set set(n);
        for (auto& m : set) {
          if (!string(m)) return false;
        }
        out = AttributeValue::set(type, std::move(set));
        return true;
      }
    }
    return false;
  }

  bool visit(ItemVisitor& v, int depth) {
    unsigned char tag;
    if (depth > kMaxDepth || !byte(tag) || tag > static_cast<unsigned char>(Type::BS)) {
      return false;
    }
    auto type = static_cast<Type>(tag);
    switch (type) {
      case Type::S:
      case Type::N:
      case Type::B: {
        std::string_view s;
        if (!view(s)) return false;
        v.scalar(type, s);
        return true;
      }
      case Type::BOOL: {
        unsigned char b;
        if (!byte(b)) return false;
        v.boolean(b != 0);
        return true;
      }
      case Type::NULL_:
        v.null();
        return true;
      case Type::L: {
        std::uint64_t n;
        if (!count(n)) return false;
        v.begin_list();
        for (std::uint64_t i = 0; i < n; ++i) {
          if (!visit(v, depth + 1)) return false;
        }
        v.end_list();
        return true;
      }
      case Type::M:
        return visit_entries(v, depth + 1);
      case Type::SS:
      case Type::NS:
      case Type::BS: {
        std::uint64_t n;
        if (!count(n)) return false;
        v.begin_set(type);
        for (std::uint64_t i = 0; i < n; ++i) {
          std::string_view m;
          if (!view(m)) return false;
          v.set_member(type, m);
        }
        v.end_set();
        return true;
      }
    }
    return false;
  }

  bool visit_entries(ItemVisitor& v, int depth) {
    std::uint64_t n;
    if (!count(n)) return false;
    v.begin_map();
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string_view name;
      if (!view(name)) return false;
      v.key(name);
      if (!visit(v, depth)) return false;
    }
    v.end_map();
    return true;
  }

  bool entries(AttributeMap& map, int depth) {
    std::uint64_t n;
    if (!count(n)) return false;
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string name;
      AttributeValue v;
      if (!string(name) || !value(v, depth)) return false;
      map.insert_or_assign(std::move(name), std::move(v));
    }
    return true;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

void encode_item(const Item& item, std::string& out) {
  put_varint(out, item.size());
  for (const auto& [k, v] : item) {
    put_string(out, k);
    put_value(out, v);
  }
}

std::string encode_item(const Item& item) {
  std::string out;
  encode_item(item, out);
  return out;
}

Result<Item> decode_item(std::string_view data) {
  Reader reader(data);
  Item item;
  if (!reader.entries(item, 0) || !reader.done()) {
    return fail(ErrorCode::InternalFailure, "corrupt item encoding");
  }
  return item;
}

Result<void> visit_item(std::string_view data, ItemVisitor& visitor) {
  Reader reader(data);
  if (!reader.visit_entries(visitor, 0) || !reader.done()) {
    return fail(ErrorCode::InternalFailure, "corrupt item encoding");
  }
  return {};
}

}  // namespace drydock::model
