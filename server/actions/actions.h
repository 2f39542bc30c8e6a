// One function per DynamoDB operation; each lives in its own file in this folder.
#pragma once

#include "server/action.h"

namespace drydock::server::actions {

model::Result<void> create_table(ActionContext& ctx);
model::Result<void> describe_table(ActionContext& ctx);
model::Result<void> list_tables(ActionContext& ctx);
model::Result<void> delete_table(ActionContext& ctx);
model::Result<void> update_table(ActionContext& ctx);
model::Result<void> put_item(ActionContext& ctx);
model::Result<void> get_item(ActionContext& ctx);
model::Result<void> delete_item(ActionContext& ctx);
model::Result<void> update_item(ActionContext& ctx);
model::Result<void> query(ActionContext& ctx);
model::Result<void> scan(ActionContext& ctx);
model::Result<void> batch_get_item(ActionContext& ctx);
model::Result<void> batch_write_item(ActionContext& ctx);
model::Result<void> describe_limits(ActionContext& ctx);

}  // namespace drydock::server::actions
