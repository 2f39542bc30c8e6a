#include "expr/parse_cache.h"

namespace drydock::expr {

template <typename Tree, typename Parse>
model::Result<std::shared_ptr<const Tree>> ParseCache::lookup(
    std::unordered_map<std::string, std::shared_ptr<const Tree>>& map, char kind,
    std::string_view text, Parse parse) {
  std::string key;
  key.reserve(text.size() + 1);
  key.push_back(kind);
  key.append(text);
  if (auto it = map.find(key); it != map.end()) return it->second;
  auto parsed = parse();
  if (!parsed) return std::unexpected(parsed.error());
  if (map.size() >= capacity_) map.clear();
  map.emplace(std::move(key), *parsed);
  return *parsed;
}

model::Result<std::shared_ptr<const ConditionExpr>> ParseCache::condition(std::string_view text,
                                                                          ExprKind kind) {
  return lookup(conditions_, static_cast<char>('0' + static_cast<int>(kind)), text,
                [&] { return parse_condition(text, kind); });
}

model::Result<std::shared_ptr<const UpdateExpr>> ParseCache::update(std::string_view text) {
  return lookup(updates_, 'u', text, [&] { return parse_update(text); });
}

model::Result<std::shared_ptr<const ProjectionExpr>> ParseCache::projection(std::string_view text) {
  return lookup(projections_, 'p', text, [&] { return parse_projection(text); });
}

ParseCache& ParseCache::local() {
  static thread_local ParseCache cache;
  return cache;
}

}  // namespace drydock::expr
