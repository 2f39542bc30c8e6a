#include "server/action.h"

#include <array>

#include "server/actions/actions.h"

namespace drydock::server {
namespace {

constexpr std::array kActions = {
    ActionRow{"CreateTable", Action::CreateTable, actions::create_table},
    ActionRow{"DescribeTable", Action::DescribeTable, actions::describe_table},
    ActionRow{"ListTables", Action::ListTables, actions::list_tables},
    ActionRow{"DeleteTable", Action::DeleteTable, actions::delete_table},
    ActionRow{"UpdateTable", Action::UpdateTable, actions::update_table},
    ActionRow{"PutItem", Action::PutItem, actions::put_item},
    ActionRow{"GetItem", Action::GetItem, actions::get_item},
    ActionRow{"DeleteItem", Action::DeleteItem, actions::delete_item},
    ActionRow{"UpdateItem", Action::UpdateItem, actions::update_item},
    ActionRow{"Query", Action::Query, actions::query},
    ActionRow{"Scan", Action::Scan, actions::scan},
    ActionRow{"BatchGetItem", Action::BatchGetItem, actions::batch_get_item},
    ActionRow{"BatchWriteItem", Action::BatchWriteItem, actions::batch_write_item},
    ActionRow{"DescribeLimits", Action::DescribeLimits, actions::describe_limits},
};

}  // namespace

const ActionRow* find_action(std::string_view name) {
  for (const auto& row : kActions) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

double now_seconds() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return static_cast<double>(ms) / 1000.0;
}

}  // namespace drydock::server
