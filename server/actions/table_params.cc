#include "server/actions/table_params.h"

#include <algorithm>
#include <array>
#include <set>

#include "server/validation.h"

namespace drydock::server::actions {
namespace {

using model::Result;

#define TRY_ASSIGN(var, expr)                                   \
  auto var##_result = (expr);                                   \
  if (!var##_result) return std::unexpected(var##_result.error()); \
  auto var = std::move(*var##_result)

std::optional<std::string> to_owned(std::optional<std::string_view> v) {
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

Result<std::optional<std::vector<KeySchemaParam>>> read_key_schema(const JsonValue& obj,
                                                                   const char* name) {
  TRY_ASSIGN(arr, read_array(obj, name));
  if (!arr) return std::optional<std::vector<KeySchemaParam>>();
  std::vector<KeySchemaParam> out;
  for (const auto& e : arr->GetArray()) {
    if (auto r = expect_object(e); !r) return std::unexpected(r.error());
    TRY_ASSIGN(attr, read_string(e, "AttributeName"));
    TRY_ASSIGN(type, read_string(e, "KeyType"));
    out.push_back({to_owned(attr), to_owned(type)});
  }
  return std::optional(std::move(out));
}

Result<std::optional<ProjectionParam>> read_projection(const JsonValue& obj) {
  TRY_ASSIGN(p, read_object(obj, "Projection"));
  if (!p) return std::optional<ProjectionParam>();
  ProjectionParam out;
  TRY_ASSIGN(type, read_string(*p, "ProjectionType"));
  out.type = to_owned(type);
  TRY_ASSIGN(nk, read_array(*p, "NonKeyAttributes"));
  if (nk) {
    std::vector<std::string> names;
    for (const auto& e : nk->GetArray()) {
      TRY_ASSIGN(s, expect_string(e));
      names.emplace_back(s);
    }
    out.non_key_attributes = std::move(names);
  }
  return std::optional(std::move(out));
}

Result<std::optional<std::vector<IndexParam>>> read_indexes(const JsonValue& obj,
                                                            const char* name) {
  TRY_ASSIGN(arr, read_array(obj, name));
  if (!arr) return std::optional<std::vector<IndexParam>>();
  std::vector<IndexParam> out;
  for (const auto& e : arr->GetArray()) {
    TRY_ASSIGN(index, read_index(e));
    out.push_back(std::move(*index));
  }
  return std::optional(std::move(out));
}

std::optional<model::Type> scalar_type(std::string_view t) {
  if (t == "S") return model::Type::S;
  if (t == "N") return model::Type::N;
  if (t == "B") return model::Type::B;
  return std::nullopt;
}

constexpr std::array<std::string_view, 2> kKeyTypes = {"HASH", "RANGE"};
constexpr std::array<std::string_view, 3> kAttributeTypes = {"S", "N", "B"};
constexpr std::array<std::string_view, 2> kBillingModes = {"PROVISIONED", "PAY_PER_REQUEST"};
constexpr std::array<std::string_view, 3> kProjectionTypes = {"ALL", "KEYS_ONLY", "INCLUDE"};
constexpr std::array<std::string_view, 2> kTableClasses = {"STANDARD",
                                                           "STANDARD_INFREQUENT_ACCESS"};

void validate_key_schema(Validation& v, const std::optional<std::vector<KeySchemaParam>>& ks,
                         const std::string& field) {
  if (!ks) {
    v.not_null(false, field);
    return;
  }
  for (std::size_t i = 0; i < ks->size(); ++i) {
    std::string member = field + "." + std::to_string(i + 1) + ".member.";
    const auto& k = (*ks)[i];
    v.not_null(k.key_type.has_value(), member + "keyType");
    v.enum_value(k.key_type, member + "keyType", kKeyTypes, "[HASH, RANGE]");
    v.not_null(k.name.has_value(), member + "attributeName");
    v.min_length(k.name, member + "attributeName", 1);
    v.max_length(k.name, member + "attributeName", 255);
  }
  if (ks->size() > 2) {
    v.violation("'" + std::string("[") + "...]'", field, "Member must have length less than or equal to 2");
  }
  if (ks->empty()) {
    v.violation("'[]'", field, "Member must have length greater than or equal to 1");
  }
}

void validate_throughput(Validation& v, const std::optional<ThroughputParam>& t,
                         const std::string& field) {
  if (!t) return;
  v.not_null(t->write.has_value(), field + ".writeCapacityUnits");
  v.min_value(t->write, field + ".writeCapacityUnits", 1);
  v.not_null(t->read.has_value(), field + ".readCapacityUnits");
  v.min_value(t->read, field + ".readCapacityUnits", 1);
}

void validate_indexes(Validation& v, const std::optional<std::vector<IndexParam>>& list,
                      const std::string& field) {
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string member = field + "." + std::to_string(i + 1) + ".member.";
    const auto& idx = (*list)[i];
    v.index_name(idx.name, member + "indexName", true);
    validate_key_schema(v, idx.key_schema, member + "keySchema");
    if (!idx.projection) {
      v.not_null(false, member + "projection");
    } else {
      v.enum_value(idx.projection->type, member + "projection.projectionType", kProjectionTypes,
                   "[ALL, INCLUDE, KEYS_ONLY]");
      const auto& nk = idx.projection->non_key_attributes;
      if (nk && nk->size() > 20) {
        std::string rendered = "'[";
        for (std::size_t n = 0; n < nk->size(); ++n) rendered += (n ? ", " : "") + (*nk)[n];
        v.violation(rendered + "]'", member + "projection.nonKeyAttributes",
                    "Member must have length less than or equal to 20");
      }
    }
    validate_throughput(v, idx.throughput, member + "provisionedThroughput");
  }
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out + "]";
}

Result<storage::KeySchema> build_key_schema(const std::vector<KeySchemaParam>& ks,
                                            const std::vector<storage::KeyElement>& defs,
                                            std::set<std::string>& used) {
  if (*ks[0].key_type != "HASH") {
    return model::fail_validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (ks.size() == 2) {
    if (*ks[0].name == *ks[1].name) {
      return model::fail_validation(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (*ks[1].key_type != "RANGE") {
      return model::fail_validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
  }
  storage::KeySchema out;
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < ks.size(); ++i) {
    auto it = std::find_if(defs.begin(), defs.end(),
                           [&](const storage::KeyElement& d) { return d.name == *ks[i].name; });
    if (it == defs.end()) {
      missing.push_back(*ks[i].name);
      continue;
    }
    used.insert(it->name);
    if (i == 0) {
      out.hash = *it;
    } else {
      out.range = *it;
    }
  }
  if (!missing.empty()) {
    std::vector<std::string> def_names;
    for (const auto& d : defs) def_names.push_back(d.name);
    return model::fail_validation(
        "One or more parameter values were invalid: Some index key attributes are not defined in "
        "AttributeDefinitions. Keys: " +
        join_names(missing) + ", AttributeDefinitions: " + join_names(def_names));
  }
  return out;
}

Result<storage::Projection> build_projection(const ProjectionParam& p, const std::string& index) {
  storage::Projection out;
  std::string type = p.type.value_or("");
  if (type.empty()) {
    return model::fail_validation(
        "One or more parameter values were invalid: Unknown ProjectionType: null");
  }
  out.type = type == "ALL"         ? storage::ProjectionType::ALL
             : type == "KEYS_ONLY" ? storage::ProjectionType::KEYS_ONLY
                                   : storage::ProjectionType::INCLUDE;
  if (out.type == storage::ProjectionType::INCLUDE) {
    if (!p.non_key_attributes || p.non_key_attributes->empty()) {
      return model::fail_validation(
          "One or more parameter values were invalid: ProjectionType is INCLUDE, but "
          "NonKeyAttributes is not specified");
    }
    out.non_key_attributes = *p.non_key_attributes;
    // DynamoDB keeps (and describes) NonKeyAttributes sorted; a repeated one is an error.
    std::sort(out.non_key_attributes.begin(), out.non_key_attributes.end());
    auto dup = std::adjacent_find(out.non_key_attributes.begin(), out.non_key_attributes.end());
    if (dup != out.non_key_attributes.end()) {
      return model::fail_validation(
          "One or more parameter values were invalid: Duplicate element in NonKeyAttributes: " +
          *dup);
    }
  } else if (p.non_key_attributes) {
    return model::fail_validation(
        "One or more parameter values were invalid: ProjectionType is " + type +
        ", but NonKeyAttributes is specified");
  }
  (void)index;
  return out;
}

}  // namespace

std::optional<model::Type> key_attribute_type(std::string_view name) { return scalar_type(name); }

Result<std::optional<ThroughputParam>> read_throughput(const JsonValue& obj, const char* name) {
  TRY_ASSIGN(t, read_object(obj, name));
  if (!t) return std::optional<ThroughputParam>();
  ThroughputParam out;
  TRY_ASSIGN(read, read_long(*t, "ReadCapacityUnits"));
  TRY_ASSIGN(write, read_long(*t, "WriteCapacityUnits"));
  out.read = read;
  out.write = write;
  return std::optional(out);
}

Result<std::optional<IndexParam>> read_index(const JsonValue& e) {
  if (auto r = expect_object(e); !r) return std::unexpected(r.error());
  IndexParam idx;
  TRY_ASSIGN(name, read_string(e, "IndexName"));
  idx.name = to_owned(name);
  TRY_ASSIGN(ks, read_key_schema(e, "KeySchema"));
  idx.key_schema = std::move(ks);
  TRY_ASSIGN(projection, read_projection(e));
  idx.projection = std::move(projection);
  TRY_ASSIGN(throughput, read_throughput(e, "ProvisionedThroughput"));
  idx.throughput = throughput;
  return std::optional(std::move(idx));
}

Result<TableDefinition> read_table_definition(const JsonValue& req) {
  TableDefinition def;
  TRY_ASSIGN(name, read_string(req, "TableName"));
  def.table_name = to_owned(name);
  TRY_ASSIGN(defs, read_array(req, "AttributeDefinitions"));
  if (defs) {
    std::vector<AttributeDefinitionParam> list;
    for (const auto& e : defs->GetArray()) {
      if (auto r = expect_object(e); !r) return std::unexpected(r.error());
      TRY_ASSIGN(n, read_string(e, "AttributeName"));
      TRY_ASSIGN(t, read_string(e, "AttributeType"));
      list.push_back({to_owned(n), to_owned(t)});
    }
    def.attribute_definitions = std::move(list);
  }
  TRY_ASSIGN(ks, read_key_schema(req, "KeySchema"));
  def.key_schema = std::move(ks);
  TRY_ASSIGN(lsis, read_indexes(req, "LocalSecondaryIndexes"));
  def.local_indexes = std::move(lsis);
  TRY_ASSIGN(gsis, read_indexes(req, "GlobalSecondaryIndexes"));
  def.global_indexes = std::move(gsis);
  TRY_ASSIGN(billing, read_string(req, "BillingMode"));
  def.billing_mode = to_owned(billing);
  TRY_ASSIGN(throughput, read_throughput(req, "ProvisionedThroughput"));
  def.throughput = throughput;
  TRY_ASSIGN(protection, read_bool(req, "DeletionProtectionEnabled"));
  def.deletion_protection = protection;
  TRY_ASSIGN(table_class, read_string(req, "TableClass"));
  def.table_class = to_owned(table_class);
  return def;
}

Result<void> validate_table_definition(const TableDefinition& def) {
  Validation v;
  v.name(def.table_name, "TableName", "tableName");
  if (!def.attribute_definitions) {
    v.not_null(false, "attributeDefinitions");
  } else {
    for (std::size_t i = 0; i < def.attribute_definitions->size(); ++i) {
      std::string member = "attributeDefinitions." + std::to_string(i + 1) + ".member.";
      const auto& d = (*def.attribute_definitions)[i];
      v.not_null(d.type.has_value(), member + "attributeType");
      v.enum_value(d.type, member + "attributeType", kAttributeTypes, "[B, N, S]");
      v.not_null(d.name.has_value(), member + "attributeName");
      v.min_length(d.name, member + "attributeName", 1);
      v.max_length(d.name, member + "attributeName", 255);
    }
  }
  validate_key_schema(v, def.key_schema, "keySchema");
  // GSIs before LSIs, whatever the request's order (recorded DynamoDB answers).
  validate_indexes(v, def.global_indexes, "globalSecondaryIndexes");
  validate_indexes(v, def.local_indexes, "localSecondaryIndexes");
  v.enum_value(def.billing_mode, "billingMode", kBillingModes, "[PROVISIONED, PAY_PER_REQUEST]");
  validate_throughput(v, def.throughput, "provisionedThroughput");
  v.enum_value(def.table_class, "tableClass", kTableClasses,
               "[STANDARD, STANDARD_INFREQUENT_ACCESS]");
  return v.result();
}

Result<storage::TableInfo> build_table_info(const TableDefinition& def,
                                            bool allow_unused_definitions) {
  storage::TableInfo info;
  info.name = *def.table_name;
  bool on_demand = def.billing_mode && *def.billing_mode == "PAY_PER_REQUEST";
  info.billing_mode = on_demand ? storage::BillingMode::PAY_PER_REQUEST
                                : storage::BillingMode::PROVISIONED;
  if (on_demand && def.throughput) {
    return model::fail_validation(
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
        "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (!on_demand && !def.throughput) {
    return model::fail_validation(
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
        "both be specified when BillingMode is PROVISIONED");
  }
  if (def.throughput) {
    info.throughput.read = *def.throughput->read;
    info.throughput.write = *def.throughput->write;
  }
  std::set<std::string> seen_defs;
  for (const auto& d : *def.attribute_definitions) {
    if (!seen_defs.insert(*d.name).second) {
      return model::fail_validation("Attribute Name is duplicated: " + *d.name);
    }
    info.attribute_definitions.push_back({*d.name, *scalar_type(*d.type)});
  }
  std::set<std::string> used;
  auto key = build_key_schema(*def.key_schema, info.attribute_definitions, used);
  if (!key) return std::unexpected(key.error());
  info.key = *key;

  std::set<std::string> index_names;
  if (def.local_indexes) {
    if (def.local_indexes->empty()) {
      return model::fail_validation("One or more parameter values were invalid: List of LocalSecondaryIndexes is empty");
    }
    if (!info.key.range) {
      return model::fail_validation(
          "One or more parameter values were invalid: Table KeySchema does not have a range key, "
          "which is required when specifying a LocalSecondaryIndex");
    }
    if (def.local_indexes->size() > 5) {
      return model::fail_validation(
          "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds "
          "per-table limit of 5");
    }
    for (const auto& idx : *def.local_indexes) {
      if (!index_names.insert(*idx.name).second) {
        return model::fail_validation(
            "One or more parameter values were invalid: Duplicate index name: " + *idx.name);
      }
      auto k = build_key_schema(*idx.key_schema, info.attribute_definitions, used);
      if (!k) return std::unexpected(k.error());
      if (!k->range) {
        return model::fail_validation(
            "One or more parameter values were invalid: Index KeySchema does not have a range key "
            "for index: " + *idx.name);
      }
      if (k->hash.name != info.key.hash.name) {
        return model::fail_validation(
            "One or more parameter values were invalid: Index KeySchema does not have the same "
            "leading hash key as table KeySchema for index: " +
            *idx.name + ". index hash key: " + k->hash.name +
            ", table hash key: " + info.key.hash.name);
      }
      auto p = build_projection(*idx.projection, *idx.name);
      if (!p) return std::unexpected(p.error());
      storage::IndexInfo li{*idx.name, *k, *p, false, "ACTIVE", false, {}};
      info.local_indexes.push_back(std::move(li));
    }
  }
  if (def.global_indexes) {
    if (def.global_indexes->empty()) {
      return model::fail_validation("One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty");
    }
    if (def.global_indexes->size() > 20) {
      return model::fail_validation(
          "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the "
          "per-table limit of 20");
    }
    for (const auto& idx : *def.global_indexes) {
      if (!index_names.insert(*idx.name).second) {
        return model::fail_validation(
            "One or more parameter values were invalid: Duplicate index name: " + *idx.name);
      }
      auto k = build_key_schema(*idx.key_schema, info.attribute_definitions, used);
      if (!k) return std::unexpected(k.error());
      auto p = build_projection(*idx.projection, *idx.name);
      if (!p) return std::unexpected(p.error());
      storage::IndexInfo gi{*idx.name, *k, *p, true, "ACTIVE", false, {}};
      if (on_demand) {
        if (idx.throughput) {
          return model::fail_validation(
              "One or more parameter values were invalid: ProvisionedThroughput should not be "
              "specified for index: " + *idx.name + " when BillingMode is PAY_PER_REQUEST");
        }
      } else {
        if (!idx.throughput) {
          return model::fail_validation(
              "One or more parameter values were invalid: ProvisionedThroughput is not specified "
              "for index: " + *idx.name);
        }
        gi.throughput.read = *idx.throughput->read;
        gi.throughput.write = *idx.throughput->write;
      }
      info.global_indexes.push_back(std::move(gi));
    }
  }
  std::size_t projected = 0;
  for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
    for (const auto& i : *list) projected += i.projection.non_key_attributes.size();
  }
  if (projected > 100) {
    return model::fail_validation(
        "One or more parameter values were invalid: Number of projected attributes in all indexes "
        "exceeds limit of 100");
  }
  if (!allow_unused_definitions && used.size() != info.attribute_definitions.size()) {
    return model::fail_validation(
        "One or more parameter values were invalid: Number of attributes in KeySchema does not "
        "exactly match number of attributes defined in AttributeDefinitions");
  }
  info.deletion_protection = def.deletion_protection.value_or(false);
  info.table_class = def.table_class.value_or("STANDARD");
  return info;
}

}  // namespace drydock::server::actions
