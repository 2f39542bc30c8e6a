// drydock: a local server that speaks Amazon DynamoDB's API.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "server/handler.h"
#include "server/http_server.h"
#include "server/options.h"
#include "storage/engine.h"

#ifndef DRYDOCK_VERSION
#define DRYDOCK_VERSION "0.0.0"
#endif

using namespace drydock;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto command = server::parse_command_line(args);
  if (std::holds_alternative<server::ShowHelp>(command)) {
    std::cout << server::usage_text();
    return 0;
  }
  if (std::holds_alternative<server::ShowVersion>(command)) {
    std::cout << "drydock " << DRYDOCK_VERSION << "\n";
    return 0;
  }
  if (auto* bad = std::get_if<server::BadUsage>(&command)) {
    std::cerr << "drydock: " << bad->message << "\n" << server::usage_text();
    return 2;
  }
  if (auto* p = std::get_if<server::RunProbe>(&command)) {
    return server::probe(p->host, p->port, 2000);
  }
  const auto& settings = std::get<server::RunServer>(command).settings;
  if (!settings.in_memory) {
    std::error_code ec;
    std::filesystem::create_directories(settings.db_path, ec);
    if (!std::filesystem::is_directory(settings.db_path)) {
      std::cerr << "drydock: -dbPath " << settings.db_path << " is not a directory\n";
      return 2;
    }
  }
  storage::EngineOptions engine_options{settings.db_path, settings.in_memory, settings.gsi_lag_ms};
  engine_options.throughput.enforce = settings.throughput_enforce;
  engine_options.manual_clock = settings.manual_clock;
  engine_options.item_collection_limit_bytes = settings.item_collection_limit_bytes;
  engine_options.transient_ms = settings.delay_transient_statuses
                                    ? std::max<std::int64_t>(1, settings.transient_status_ms)
                                    : 0;
  storage::Engine engine(std::move(engine_options));
  server::Handler handler(settings, engine);
  int code = server::serve(settings, handler, engine, [&](std::uint16_t port) {
    std::cout << "drydock " << DRYDOCK_VERSION << " listening on " << settings.host << ":" << port
              << (settings.in_memory ? " (in memory)" : " (dbPath " + settings.db_path + ")")
              << (settings.shared_db ? ", shared database" : "")
              << (settings.throughput_enforce ? ", throughput enforced" : "")
              << (settings.manual_clock ? ", manual clock" : "") << std::endl;
  });
  engine.close_all();
  return code;
}
