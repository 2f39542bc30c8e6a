// The account limits drydock reports in DescribeLimits and applies to provisioned throughput.
// Developer Guide, "Quotas in Amazon DynamoDB", "Throughput default quotas": provisioned mode,
// "Per table: 40,000 read capacity units and 40,000 write capacity units", "Per account per Region:
// 80,000 read capacity units and 80,000 write capacity units"; on-demand, per table, "40,000 read
// request units and 40,000 write request units". DynamoDB Local 1.25.1 answers DescribeLimits with
// the same four figures.
#pragma once

#include <cstdint>

namespace drydock::storage::throughput {

struct AccountLimits {
  // DescribeLimits: AccountMaxReadCapacityUnits, AccountMaxWriteCapacityUnits — the sum of the
  // provisioned throughput of every provisioned table and GSI in the account and Region.
  std::int64_t account_max_read_capacity_units = 80000;
  std::int64_t account_max_write_capacity_units = 80000;
  // TableMaxReadCapacityUnits, TableMaxWriteCapacityUnits — one table including its GSIs.
  std::int64_t table_max_read_capacity_units = 40000;
  std::int64_t table_max_write_capacity_units = 40000;
};

inline constexpr AccountLimits kDefaultAccountLimits{};

}  // namespace drydock::storage::throughput
