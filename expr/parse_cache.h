// ParseCache: parsed expressions by (kind, text). A tree depends only on its text and kind
// (parser.h), so requests that repeat an expression — nearly all of them — parse it once.
// Failed parses are not cached (their errors are cheap to rebuild and rare). Bounded: when
// full, the cache is emptied and refills with what is in use. Not thread-safe: one per
// thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "expr/ast.h"
#include "expr/parser.h"

namespace drydock::expr {

class ParseCache {
 public:
  explicit ParseCache(std::size_t capacity = 4096) : capacity_(capacity) {}

  model::Result<std::shared_ptr<const ConditionExpr>> condition(std::string_view text,
                                                                ExprKind kind);
  model::Result<std::shared_ptr<const UpdateExpr>> update(std::string_view text);
  model::Result<std::shared_ptr<const ProjectionExpr>> projection(std::string_view text);

  // The cache of the calling thread.
  static ParseCache& local();

 private:
  template <typename Tree, typename Parse>
  model::Result<std::shared_ptr<const Tree>> lookup(
      std::unordered_map<std::string, std::shared_ptr<const Tree>>& map, char kind,
      std::string_view text, Parse parse);

  std::size_t capacity_;
  std::unordered_map<std::string, std::shared_ptr<const ConditionExpr>> conditions_;
  std::unordered_map<std::string, std::shared_ptr<const UpdateExpr>> updates_;
  std::unordered_map<std::string, std::shared_ptr<const ProjectionExpr>> projections_;
};

}  // namespace drydock::expr
