// Command-line flags: DynamoDB Local's (-port, -inMemory, -dbPath, -sharedDb,
// -delayTransientStatuses, -cors, -help, ...) and GNU-style long forms (--port=8000).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "server/settings.h"

namespace drydock::server {

struct RunServer {
  ServerSettings settings;
};
struct ShowHelp {};
struct ShowVersion {};
struct RunProbe {
  std::string host;
  std::uint16_t port;
};
struct BadUsage {
  std::string message;
};

using Command = std::variant<RunServer, ShowHelp, ShowVersion, RunProbe, BadUsage>;

Command parse_command_line(const std::vector<std::string>& args);
std::string usage_text();

}  // namespace drydock::server
