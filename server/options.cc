#include "server/options.h"

#include <charconv>

namespace drydock::server {
namespace {

// "-dbPath", "--db-path" and "--dbPath" all name the same flag: compare lowercased
// without dashes.
std::string normalise(std::string_view flag) {
  std::string out;
  for (char c : flag) {
    if (c == '-' || c == '_') continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

bool parse_port(std::string_view text, std::uint16_t& port) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size() || value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

std::string usage_text() {
  return R"(usage: drydock [options]

A local server that speaks Amazon DynamoDB's API. Flags follow DynamoDB Local's; each also
has a GNU-style long form (for example -dbPath, --db-path, --db-path=DIR).

  -port <n>                 TCP port to listen on (default 8000; 0 picks a free port)
  -host <address>           address to listen on (default 127.0.0.1; 0.0.0.0 in containers)
  -inMemory                 keep all data in memory (nothing is written to disk)
  -dbPath <dir>             directory for the database files (default: current directory)
  -sharedDb                 one database for all credentials and regions
                            (shared-local-instance.db) instead of one per access key+region
  -delayTransientStatuses   tables stay CREATING, UPDATING and DELETING for a while (as in
                            DynamoDB) instead of changing at once
  --transient-status-ms <ms>  how long, with -delayTransientStatuses (default 750)
  --throughput=<mode>       'report' (default): consumed capacity is computed and reported;
                            'enforce': requests past a table's provisioned (or on-demand)
                            throughput are throttled, per table, partition and GSI, with
                            DynamoDB's burst capacity
  --clock=<kind>            'steady' (default) or 'manual': the capacity clock moves only
                            with the DrydockAdmin.AdvanceClock request (deterministic tests)
  -cors <origins>           enable CORS for '*' or a comma-separated list of origins
  -optimizeDbBeforeStartup  accepted for compatibility (no effect)
  -disableTelemetry         accepted for compatibility (drydock sends no telemetry)
  --gsi-lag-ms <ms>          delay before a write shows in global secondary indexes
                            (default 25; 0 = at once); changeable at run time with the
                            DrydockAdmin.SetGsiLag request
  --item-collection-limit-bytes <n>
                            size limit of an LSI item collection (default 10 GB, as DynamoDB)
  --credentials <file>      verify SigV4 signatures against "ACCESS_KEY SECRET_KEY" lines;
                            without it signatures are parsed but not verified
  --probe [host:]<port>     health-check a running server (GET /); exit 0 when healthy
  -help, --help             show this help
  -version, --version       show the version
)";
}

Command parse_command_line(const std::vector<std::string>& args) {
  RunServer run;
  auto& s = run.settings;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    // amazon/dynamodb-local's image runs `java <command>`, so the command lines written for
    // it start with JVM arguments: -Dname=value, -X..., and -jar DynamoDBLocal.jar. Accept
    // and ignore them, so those command lines work unchanged with drydock's image.
    if (arg == "-jar") {
      if (i + 1 >= args.size()) return BadUsage{"-jar needs a file name"};
      ++i;
      continue;
    }
    if ((arg.starts_with("-D") && arg.find('=') != std::string::npos) || arg.starts_with("-X")) {
      continue;
    }
    std::string value;
    bool has_inline_value = false;
    if (arg.starts_with("--")) {
      auto eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_inline_value = true;
      }
    } else if (!arg.starts_with("-")) {
      return BadUsage{"unexpected argument '" + arg + "'"};
    }
    std::string flag = normalise(arg);
    auto take_value = [&](std::string& out) -> bool {
      if (has_inline_value) {
        out = value;
        return true;
      }
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (flag == "help" || flag == "h") return ShowHelp{};
    if (flag == "version" || flag == "v") return ShowVersion{};
    if (flag == "inmemory") {
      s.in_memory = true;
    } else if (flag == "shareddb") {
      s.shared_db = true;
    } else if (flag == "delaytransientstatuses") {
      s.delay_transient_statuses = true;
    } else if (flag == "optimizedbbeforestartup" || flag == "disabletelemetry") {
      // Accepted for drop-in compatibility with DynamoDB Local's command lines.
    } else if (flag == "port") {
      std::string v;
      if (!take_value(v) || !parse_port(v, s.port)) return BadUsage{"-port needs a port number"};
    } else if (flag == "host" || flag == "bind" || flag == "address") {
      if (!take_value(s.host) || s.host.empty()) return BadUsage{"-host needs an address"};
    } else if (flag == "dbpath") {
      if (!take_value(s.db_path) || s.db_path.empty()) return BadUsage{"-dbPath needs a directory"};
    } else if (flag == "gsilagms" || flag == "gsilag") {
      std::string v;
      long long lag = -1;
      if (take_value(v)) {
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), lag);
        if (ec != std::errc() || p != v.data() + v.size()) lag = -1;
      }
      if (lag < 0) return BadUsage{"--gsi-lag-ms needs a number of milliseconds (0 or more)"};
      s.gsi_lag_ms = lag;
    } else if (flag == "transientstatusms") {
      std::string v;
      long long ms = -1;
      if (take_value(v)) {
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), ms);
        if (ec != std::errc() || p != v.data() + v.size()) ms = -1;
      }
      if (ms < 0) return BadUsage{"--transient-status-ms needs a number of milliseconds"};
      s.transient_status_ms = ms;
    } else if (flag == "throughput") {
      std::string v;
      if (!take_value(v) || (v != "enforce" && v != "report")) {
        return BadUsage{"--throughput needs 'enforce' or 'report'"};
      }
      s.throughput_enforce = v == "enforce";
    } else if (flag == "clock") {
      std::string v;
      if (!take_value(v) || (v != "manual" && v != "steady")) {
        return BadUsage{"--clock needs 'manual' or 'steady'"};
      }
      s.manual_clock = v == "manual";
    } else if (flag == "itemcollectionlimitbytes") {
      std::string v;
      long long limit = -1;
      if (take_value(v)) {
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
        if (ec != std::errc() || p != v.data() + v.size()) limit = -1;
      }
      if (limit <= 0) return BadUsage{"--item-collection-limit-bytes needs a positive number"};
      s.item_collection_limit_bytes = limit;
    } else if (flag == "cors") {
      if (!take_value(s.cors) || s.cors.empty()) return BadUsage{"-cors needs '*' or origins"};
    } else if (flag == "credentials") {
      std::string path;
      if (!take_value(path)) return BadUsage{"--credentials needs a file"};
      auto creds = auth::Credentials::load_file(path);
      if (!creds) return BadUsage{creds.error().message};
      s.credentials = std::move(*creds);
    } else if (flag == "probe") {
      std::string target;
      if (!take_value(target)) return BadUsage{"--probe needs [host:]port"};
      RunProbe probe{"127.0.0.1", 8000};
      auto colon = target.rfind(':');
      std::string port_text = target;
      if (colon != std::string::npos) {
        probe.host = target.substr(0, colon);
        port_text = target.substr(colon + 1);
      }
      if (!parse_port(port_text, probe.port)) return BadUsage{"--probe needs [host:]port"};
      return probe;
    } else {
      return BadUsage{"unknown option '" + args[i] + "'"};
    }
  }
  if (s.in_memory && s.db_path != ".") {
    return BadUsage{"-dbPath and -inMemory cannot be used together"};
  }
  return run;
}

}  // namespace drydock::server
