#include "storage/table_info.h"

#include <charconv>
#include <cstdio>

namespace drydock::storage {
namespace {

using model::AttributeValue;
using model::Item;
using model::Type;

AttributeValue str(std::string s) { return AttributeValue::string(std::move(s)); }

AttributeValue num(std::int64_t v) { return AttributeValue::number(std::to_string(v)); }

// Doubles are stored as milliseconds, exact in an int64.
AttributeValue time_ms(double seconds) {
  return num(static_cast<std::int64_t>(seconds * 1000.0 + (seconds >= 0 ? 0.5 : -0.5)));
}

AttributeValue key_element(const KeyElement& k) {
  return AttributeValue::map({{"name", str(k.name)}, {"type", num(static_cast<int>(k.type))}});
}

AttributeValue key_schema(const KeySchema& k) {
  AttributeValue::Map m{{"hash", key_element(k.hash)}};
  if (k.range) m.emplace("range", key_element(*k.range));
  return AttributeValue::map(std::move(m));
}

AttributeValue throughput(const Throughput& t) {
  return AttributeValue::map({{"read", num(t.read)},
                              {"write", num(t.write)},
                              {"inc", time_ms(t.last_increase)},
                              {"dec", time_ms(t.last_decrease)},
                              {"decs", num(t.decreases_today)}});
}

AttributeValue index(const IndexInfo& i) {
  AttributeValue::List non_key;
  for (const auto& a : i.projection.non_key_attributes) non_key.push_back(str(a));
  return AttributeValue::map({{"name", str(i.name)},
                              {"key", key_schema(i.key)},
                              {"ptype", num(static_cast<int>(i.projection.type))},
                              {"nonkey", AttributeValue::list(std::move(non_key))},
                              {"global", AttributeValue::boolean(i.global)},
                              {"status", str(i.status)},
                              {"backfilling", AttributeValue::boolean(i.backfilling)},
                              {"throughput", throughput(i.throughput)},
                              {"storage_id", num(i.storage_id)}});
}

// Reading back: a corrupt catalog row is an InternalFailure, never a crash.
struct Reader {
  const AttributeValue::Map& m;
  bool ok = true;

  const AttributeValue* get(std::string_view name, Type type) {
    auto it = m.find(name);
    if (it == m.end() || it->second.type() != type) {
      ok = false;
      return nullptr;
    }
    return &it->second;
  }
  std::string string(std::string_view name) {
    auto* v = get(name, Type::S);
    return v ? v->scalar() : std::string();
  }
  std::int64_t integer(std::string_view name) {
    auto* v = get(name, Type::N);
    std::int64_t out = 0;
    if (v) {
      auto [p, ec] = std::from_chars(v->scalar().data(), v->scalar().data() + v->scalar().size(), out);
      if (ec != std::errc()) ok = false;
    }
    return out;
  }
  double seconds(std::string_view name) { return static_cast<double>(integer(name)) / 1000.0; }
  bool boolean(std::string_view name) {
    auto* v = get(name, Type::BOOL);
    return v && v->boolean_value();
  }
  const AttributeValue::Map* map(std::string_view name) {
    auto* v = get(name, Type::M);
    return v ? &v->map_value() : nullptr;
  }
  const AttributeValue::List* list(std::string_view name) {
    auto* v = get(name, Type::L);
    return v ? &v->list_value() : nullptr;
  }
};

bool read_key_element(const AttributeValue::Map& m, KeyElement& out) {
  Reader r{m};
  out.name = r.string("name");
  out.type = static_cast<Type>(r.integer("type"));
  return r.ok;
}

bool read_key_schema(const AttributeValue::Map& m, KeySchema& out) {
  Reader r{m};
  auto* h = r.map("hash");
  if (!h || !read_key_element(*h, out.hash)) return false;
  if (m.contains("range")) {
    auto* rg = r.map("range");
    KeyElement e;
    if (!rg || !read_key_element(*rg, e)) return false;
    out.range = e;
  }
  return r.ok;
}

bool read_throughput(const AttributeValue::Map& m, Throughput& out) {
  Reader r{m};
  out.read = r.integer("read");
  out.write = r.integer("write");
  out.last_increase = r.seconds("inc");
  out.last_decrease = r.seconds("dec");
  out.decreases_today = r.integer("decs");
  return r.ok;
}

bool read_index(const AttributeValue& v, IndexInfo& out) {
  if (!v.is(Type::M)) return false;
  Reader r{v.map_value()};
  out.name = r.string("name");
  auto* key = r.map("key");
  if (!key || !read_key_schema(*key, out.key)) return false;
  out.projection.type = static_cast<ProjectionType>(r.integer("ptype"));
  if (auto* nk = r.list("nonkey")) {
    for (const auto& a : *nk) {
      if (!a.is(Type::S)) return false;
      out.projection.non_key_attributes.push_back(a.scalar());
    }
  }
  out.global = r.boolean("global");
  out.status = r.string("status");
  out.backfilling = r.boolean("backfilling");
  out.storage_id = r.integer("storage_id");
  auto* t = r.map("throughput");
  if (!t || !read_throughput(*t, out.throughput)) return false;
  return r.ok;
}

}  // namespace

Item to_item(const TableInfo& info) {
  AttributeValue::List defs, lsis, gsis;
  for (const auto& d : info.attribute_definitions) defs.push_back(key_element(d));
  for (const auto& i : info.local_indexes) lsis.push_back(index(i));
  for (const auto& i : info.global_indexes) gsis.push_back(index(i));
  return Item{{"name", str(info.name)},
              {"id", str(info.id)},
              {"arn", str(info.arn)},
              {"created", time_ms(info.creation_time)},
              {"status", str(info.status)},
              {"defs", AttributeValue::list(std::move(defs))},
              {"key", key_schema(info.key)},
              {"billing", num(static_cast<int>(info.billing_mode))},
              {"billing_changed", time_ms(info.billing_mode_changed)},
              {"throughput", throughput(info.throughput)},
              {"lsis", AttributeValue::list(std::move(lsis))},
              {"gsis", AttributeValue::list(std::move(gsis))},
              {"deletion_protection", AttributeValue::boolean(info.deletion_protection)},
              {"class", str(info.table_class)},
              {"storage_id", num(info.storage_id)}};
}

model::Result<TableInfo> table_info_from_item(const Item& item) {
  TableInfo info;
  Reader r{item};
  info.name = r.string("name");
  info.id = r.string("id");
  info.arn = r.string("arn");
  info.creation_time = r.seconds("created");
  info.status = r.string("status");
  bool ok = true;
  if (auto* defs = r.list("defs")) {
    for (const auto& d : *defs) {
      KeyElement e;
      ok = ok && d.is(Type::M) && read_key_element(d.map_value(), e);
      info.attribute_definitions.push_back(e);
    }
  }
  auto* key = r.map("key");
  ok = ok && key && read_key_schema(*key, info.key);
  info.billing_mode = static_cast<BillingMode>(r.integer("billing"));
  info.billing_mode_changed = r.seconds("billing_changed");
  auto* t = r.map("throughput");
  ok = ok && t && read_throughput(*t, info.throughput);
  for (auto [field, out] : {std::pair{"lsis", &info.local_indexes},
                            std::pair{"gsis", &info.global_indexes}}) {
    if (auto* list = r.list(field)) {
      for (const auto& v : *list) {
        IndexInfo i;
        ok = ok && read_index(v, i);
        out->push_back(std::move(i));
      }
    }
  }
  info.deletion_protection = r.boolean("deletion_protection");
  info.table_class = r.string("class");
  info.storage_id = r.integer("storage_id");
  if (!ok || !r.ok) return model::fail(model::ErrorCode::InternalFailure, "corrupt catalog entry");
  return info;
}

}  // namespace drydock::storage
