// Pins the command line: DynamoDB Local's flags and their GNU-style long forms.
#include "server/options.h"

#include <gtest/gtest.h>

namespace drydock::server {
namespace {

TEST(Options, DynamoDBLocalFlags) {
  auto c = parse_command_line({"-port", "9000", "-sharedDb", "-dbPath", "/tmp/x",
                               "-delayTransientStatuses", "-cors", "*"});
  auto* run = std::get_if<RunServer>(&c);
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->settings.port, 9000);
  EXPECT_TRUE(run->settings.shared_db);
  EXPECT_EQ(run->settings.db_path, "/tmp/x");
  EXPECT_TRUE(run->settings.delay_transient_statuses);
  EXPECT_EQ(run->settings.cors, "*");
  EXPECT_EQ(run->settings.host, "127.0.0.1");
}

TEST(Options, LongForms) {
  auto c = parse_command_line({"--port=9001", "--in-memory", "--host", "0.0.0.0"});
  auto* run = std::get_if<RunServer>(&c);
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->settings.port, 9001);
  EXPECT_TRUE(run->settings.in_memory);
  EXPECT_EQ(run->settings.host, "0.0.0.0");
}

TEST(Options, CapacityFlags) {
  auto defaults = std::get<RunServer>(parse_command_line({}));
  EXPECT_FALSE(defaults.settings.throughput_enforce);
  EXPECT_FALSE(defaults.settings.manual_clock);
  EXPECT_EQ(defaults.settings.transient_status_ms, 750);
  auto c =
      parse_command_line({"--throughput=enforce", "--clock", "manual", "--transient-status-ms=40"});
  auto* run = std::get_if<RunServer>(&c);
  ASSERT_NE(run, nullptr);
  EXPECT_TRUE(run->settings.throughput_enforce);
  EXPECT_TRUE(run->settings.manual_clock);
  EXPECT_EQ(run->settings.transient_status_ms, 40);
  auto report =
      std::get<RunServer>(parse_command_line({"--throughput", "report", "--clock=steady"}));
  EXPECT_FALSE(report.settings.throughput_enforce);
  EXPECT_FALSE(report.settings.manual_clock);
  EXPECT_TRUE(std::holds_alternative<BadUsage>(parse_command_line({"--throughput=on"})));
  EXPECT_TRUE(std::holds_alternative<BadUsage>(parse_command_line({"--clock=fast"})));
  EXPECT_TRUE(std::holds_alternative<BadUsage>(parse_command_line({"--transient-status-ms=-1"})));
}

TEST(Options, HelpVersionAndErrors) {
  EXPECT_TRUE(std::holds_alternative<ShowHelp>(parse_command_line({"-help"})));
  EXPECT_TRUE(std::holds_alternative<ShowHelp>(parse_command_line({"--help"})));
  EXPECT_TRUE(std::holds_alternative<ShowVersion>(parse_command_line({"--version"})));
  EXPECT_TRUE(std::holds_alternative<BadUsage>(parse_command_line({"-port", "x"})));
  EXPECT_TRUE(std::holds_alternative<BadUsage>(parse_command_line({"-bogus"})));
  EXPECT_TRUE(std::holds_alternative<BadUsage>(parse_command_line({"-port"})));
  auto p = parse_command_line({"--probe", "127.0.0.1:8000"});
  ASSERT_TRUE(std::holds_alternative<RunProbe>(p));
  EXPECT_EQ(std::get<RunProbe>(p).port, 8000);
}

}  // namespace
}  // namespace drydock::server
