// Evaluation of resolved expressions against items. Pure functions: no I/O, no shared state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/resolved.h"
#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::expr {

// The value at `path` in `item`, or null when any step is missing or of the wrong type.
const model::AttributeValue* find_path(const model::Item& item, const Path& path);

// Whether `item` satisfies `condition`. `item` null means there is no item (every path is
// missing). DynamoDB's semantics: a comparison with a missing operand or operands of
// different types is false (so `<>` is true), `<`/`>`/BETWEEN order only N, S and B,
// size() of N, BOOL or NULL has no value, and nothing here is an error.
bool evaluate(const Condition& condition, const model::Item* item);

// The table's key attribute names (the update of a key attribute is rejected).
struct KeyNames {
  std::string hash;
  std::string range;  // empty: no sort key
  bool contains(std::string_view name) const {
    return name == hash || (!range.empty() && name == range);
  }
  // The secondary indexes' key attributes, in the order DynamoDB reports them: LSIs, then
  // GSIs, each by name, hash key before sort key.
  std::vector<std::string> index_keys = {};
};

// "One or more parameter values were invalid: Cannot update attribute pk. This attribute is
// part of the key" when an action's path starts at a key attribute. DynamoDB reports it
// after the unused-placeholder check and after evaluating the ConditionExpression (a failed
// condition wins), i.e. when applying the update: apply_update checks it first.
// Then, "Key attributes must be scalars; list random access '[]' and map lookup '.' are not
// allowed: IndexKey: b" when an action's path or operand reaches into a secondary index's
// key attribute (the first such attribute in index_keys order).
model::Result<void> check_key_update(const Update& update, const KeyNames& key);

struct UpdateResult {
  // The paths the update set, added to, deleted from or removed, in the order written.
  // UPDATED_OLD / UPDATED_NEW return `project_paths(paths, old_or_new_item)`: only these
  // paths, nested (a SET of a.b returns {a: {b: ...}}).
  std::vector<Path> paths;
  // Whether an action wrote a value (SET or ADD). An update of an absent item that writes
  // nothing (only REMOVE/DELETE) does not create the item.
  bool wrote = false;
};

// Applies `update` to `item` (the stored item, or for an absent item one holding just the
// key). DynamoDB's semantics: every SET value is computed from the item as it was before
// the update; then SETs are applied (an index past the end of a list appends), then ADD and
// DELETE, then REMOVE (list elements by their original indexes). Errors (the item is then
// left unchanged): "The document path provided in the update expression is invalid for
// update", "The provided expression refers to an attribute that does not exist in the
// item", "An operand in the update expression has an incorrect data type", Number's
// overflow/precision messages, and check_key_update's message. An emptied set is removed.
model::Result<UpdateResult> apply_update(const Update& update, model::Item& item,
                                         const KeyNames& key);

// The parts of `item` that the paths select, nested as in the item; list elements keep their
// order and are compacted. Missing paths are skipped. REQUIRES: no path overlaps another
// (resolve_projection guarantees it).
model::Item project_paths(const std::vector<Path>& paths, const model::Item& item);
inline model::Item project(const Projection& projection, const model::Item& item) {
  return project_paths(projection.paths, item);
}

// size() of a value: characters of S (as UTF-16 code units, as DynamoDB counts them), bytes
// of B, members of a set, elements of L and M; -1 for N, BOOL and NULL.
long long value_size(const model::AttributeValue& value);

}  // namespace drydock::expr
