// drydock-loadgen: a small closed-loop load generator for servers that speak DynamoDB's JSON
// API over HTTP/1.1 (drydock and its peers: DynamoDB Local, dynalite, moto).
//
// Each of --concurrency connections keeps exactly one request in flight; the next request on
// a connection is sent as soon as the previous answer has been read (closed loop). Every answer
// is checked: a non-2xx status, a 2xx whose body does not hold what the operation must return,
// and a transport failure are each counted as errors. One key=value line per run goes to
// stdout; diagnostics go to stderr.
//
// Only POSIX sockets, epoll and std::thread: the generator shares two cores with the server
// under test, so it must be cheap per request and quick to build. Two I/O engines exist so
// that their CPU cost can be compared (--io epoll|threads); epoll is the default because it
// measured cheaper (see bench/README.md).
//
// Exit status: 0 run done (status=ok, or status=errors with at most 1% errors),
// 2 more than 1% errors (status=FAIL), 3 operation not supported by the server
// (status=unsupported), 1 usage error or server unreachable.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr std::string_view kAuthorization =
    "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    "Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr int kBatchSize = 25;   // BatchWriteItem's maximum number of requests
constexpr int kQueryItems = 10;  // items per Query partition
constexpr int kMaxGsis = 20;     // DynamoDB's limit of global secondary indexes per table
constexpr int kIndexValues = 1000;  // distinct values of each GSI key attribute (v000 ... v999)

// ---------------------------------------------------------------------------------------------
// Clocks

int64_t mono_us() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
}

int64_t wall_us() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
}

// User + system CPU time of the whole process.
int64_t cpu_us() {
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return int64_t{ru.ru_utime.tv_sec + ru.ru_stime.tv_sec} * 1000000 + ru.ru_utime.tv_usec +
         ru.ru_stime.tv_usec;
}

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string op;
  int concurrency = 1;
  double duration_s = 10;
  int64_t requests = 0;  // > 0: stop after this many requests instead of after duration_s
  double warmup_s = 0;
  int item_size = 200;
  int64_t keys = 10000;   // point-key space of put/get/update/batch (item-00000000 ...)
  int64_t parts = 1000;   // Query partitions, kQueryItems items each (part-00000 ...)
  int64_t items = 10000;  // items written by preload, items in the scanned table
  std::string table = "drydock_bench";
  int gsis = 0;  // global secondary indexes on the table; items carry their key attributes
  bool prepare = true;
  std::string io = "epoll";
  double timeout_s = 30;
  int64_t since_us = 0;  // ready: wall-clock microseconds at which the server was spawned
  uint64_t seed = 1;
};

void usage() {
  std::fputs(
      "usage: drydock-loadgen --op OP [options]\n"
      "ops:\n"
      "  ready     poll until GET / answers 200 or ListTables answers 200; prints startup_ms\n"
      "  setup     CreateTable (pk S hash, sk S range; --gsis N indexes) and wait until\n"
      "            DescribeTable says the table and its indexes are ACTIVE\n"
      "  put get update query batch\n"
      "            PutItem / GetItem / UpdateItem (SET a counter) / Query of one partition\n"
      "            returning 10 items (table TABLE_query) / BatchWriteItem of 25 puts,\n"
      "            for --duration or --requests; get, update and query first load their data\n"
      "            unless --no-prepare\n"
      "  preload   write --items items with BatchWriteItem (keys item-00000000 ...)\n"
      "  preload-query\n"
      "            write the Query data (--parts partitions of 10 items, table TABLE_query)\n"
      "            with BatchWriteItem; prints items_per_s (then: query --no-prepare)\n"
      "  scan      load --items items into their own table (TABLE_scan_N), then time --requests "
      "full\n"
      "            paginated Scans (default 3)\n"
      "options (defaults in brackets):\n"
      "  --host H [127.0.0.1]  --port P [8000]  --concurrency N [1]\n"
      "  --duration S [10]  --requests N [0: use duration]  --warmup S [0]\n"
      "  --item-size BYTES [200]  --keys N [10000]  --parts N [1000]  --items N [10000]\n"
      "  --table NAME [drydock_bench]  --no-prepare  --io epoll|threads [epoll]\n"
      "  --gsis N [0]  the table (named TABLE_gsiN) gets N global secondary indexes gsi1..gsiN,\n"
      "            hash key g1..gN (S), projection ALL; every item written carries g1..gN\n"
      "            (same item size): put gives them random values, so each PutItem moves the\n"
      "            item in every index; update (SET counter) changes the projected item\n"
      "  --timeout S [30]  --since-us EPOCH_US (ready)  --seed N [1]\n",
      stderr);
}

bool parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string v;
    if (auto eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
      v = a.substr(eq + 1);
      a.resize(eq);
    } else if (a == "--no-prepare") {
      o.prepare = false;
      continue;
    } else if (a == "-h" || a == "--help") {
      return false;
    } else if (i + 1 < argc) {
      v = argv[++i];
    } else {
      std::fprintf(stderr, "loadgen: %s needs a value\n", a.c_str());
      return false;
    }
    char* end = nullptr;
    auto num = [&] { return std::strtod(v.c_str(), &end); };
    if (a == "--host")
      o.host = v;
    else if (a == "--port")
      o.port = int(num());
    else if (a == "--op")
      o.op = v;
    else if (a == "--concurrency" || a == "-c")
      o.concurrency = int(num());
    else if (a == "--duration" || a == "-d")
      o.duration_s = num();
    else if (a == "--requests" || a == "-n")
      o.requests = int64_t(num());
    else if (a == "--warmup")
      o.warmup_s = num();
    else if (a == "--item-size")
      o.item_size = int(num());
    else if (a == "--keys")
      o.keys = int64_t(num());
    else if (a == "--parts")
      o.parts = int64_t(num());
    else if (a == "--items")
      o.items = int64_t(num());
    else if (a == "--table")
      o.table = v;
    else if (a == "--gsis")
      o.gsis = int(num());
    else if (a == "--io")
      o.io = v;
    else if (a == "--timeout")
      o.timeout_s = num();
    else if (a == "--since-us")
      o.since_us = int64_t(num());
    else if (a == "--seed")
      o.seed = uint64_t(num());
    else {
      std::fprintf(stderr, "loadgen: unknown option %s\n", a.c_str());
      return false;
    }
    if (end != nullptr && *end != '\0') {
      std::fprintf(stderr, "loadgen: %s: not a number: %s\n", a.c_str(), v.c_str());
      return false;
    }
  }
  if (o.op.empty() || o.concurrency < 1 || o.port <= 0 || o.keys < kBatchSize || o.parts < 1 ||
      o.items < 1 || o.gsis < 0 || o.gsis > kMaxGsis || (o.io != "epoll" && o.io != "threads")) {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Sockets

struct Endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;
  std::string host_header;
};

bool resolve(const Options& o, Endpoint& ep) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  std::string port = std::to_string(o.port);
  if (int rc = getaddrinfo(o.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    std::fprintf(stderr, "loadgen: cannot resolve %s: %s\n", o.host.c_str(), gai_strerror(rc));
    return false;
  }
  std::memcpy(&ep.addr, res->ai_addr, res->ai_addrlen);
  ep.len = res->ai_addrlen;
  freeaddrinfo(res);
  ep.host_header = o.host + ":" + port;
  return true;
}

// Opens a TCP connection (blocking connect: loopback answers at once). Returns -1 and sets err.
int open_socket(const Endpoint& ep, bool nonblocking, double timeout_s, std::string& err) {
  int fd = socket(ep.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    err = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) != 0) {
    err = std::string("connect: ") + std::strerror(errno);
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (nonblocking) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  } else if (timeout_s > 0) {
    timeval tv{};
    tv.tv_sec = time_t(timeout_s);
    tv.tv_usec = suseconds_t((timeout_s - double(tv.tv_sec)) * 1e6);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  return fd;
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 response parser: Content-Length, chunked, or body-until-close framing.

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

class ResponseParser {
 public:
  enum class Result { kNeedMore, kDone, kBad };

  // Drops the previous response, keeping bytes that arrived after it.
  void next() {
    in_.erase(0, pos_);
    pos_ = 0;
    state_ = State::kHeaders;
    status_ = 0;
    remaining_ = 0;
    close_ = false;
    body_.clear();
  }
  // Forgets everything (the connection was closed).
  void clear() {
    next();
    in_.clear();
  }

  Result feed(const char* data, size_t n) {
    in_.append(data, n);
    return advance();
  }
  // The peer closed the connection.
  Result eof() {
    if (state_ == State::kUntilClose) {
      state_ = State::kDone;
      return Result::kDone;
    }
    return state_ == State::kDone ? Result::kDone : Result::kBad;
  }

  bool idle() const { return state_ == State::kHeaders && in_.size() == pos_; }
  int status() const { return status_; }
  std::string_view body() const { return body_; }
  bool close() const { return close_; }  // the server will close the connection after this

 private:
  enum class State {
    kHeaders,
    kFixed,
    kChunkSize,
    kChunkData,
    kChunkEnd,
    kTrailer,
    kUntilClose,
    kDone
  };

  Result advance() {
    for (;;) {
      switch (state_) {
        case State::kHeaders: {
          size_t end = in_.find("\r\n\r\n", pos_);
          if (end == std::string::npos) {
            return in_.size() - pos_ > 65536 ? Result::kBad : Result::kNeedMore;
          }
          if (!parse_head(std::string_view(in_).substr(pos_, end - pos_))) return Result::kBad;
          pos_ = end + 4;
          break;
        }
        case State::kFixed:
        case State::kChunkData: {
          size_t take = std::min(in_.size() - pos_, remaining_);
          body_.append(in_, pos_, take);
          pos_ += take;
          remaining_ -= take;
          if (remaining_ > 0) return Result::kNeedMore;
          state_ = state_ == State::kFixed ? State::kDone : State::kChunkEnd;
          break;
        }
        case State::kChunkSize: {
          size_t eol = in_.find("\r\n", pos_);
          if (eol == std::string::npos) return Result::kNeedMore;
          size_t size = 0;
          auto [p, ec] = std::from_chars(in_.data() + pos_, in_.data() + eol, size, 16);
          if (ec != std::errc() || p == in_.data() + pos_) return Result::kBad;
          pos_ = eol + 2;
          remaining_ = size;
          state_ = size == 0 ? State::kTrailer : State::kChunkData;
          break;
        }
        case State::kChunkEnd:
          if (in_.size() - pos_ < 2) return Result::kNeedMore;
          if (in_.compare(pos_, 2, "\r\n") != 0) return Result::kBad;
          pos_ += 2;
          state_ = State::kChunkSize;
          break;
        case State::kTrailer: {
          size_t eol = in_.find("\r\n", pos_);
          if (eol == std::string::npos) return Result::kNeedMore;
          state_ = eol == pos_ ? State::kDone : State::kTrailer;
          pos_ = eol + 2;
          break;
        }
        case State::kUntilClose:
          body_.append(in_, pos_);
          pos_ = in_.size();
          return Result::kNeedMore;
        case State::kDone:
          return Result::kDone;
      }
    }
  }

  bool parse_head(std::string_view head) {
    size_t eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    if (line.size() < 12 || !line.starts_with("HTTP/1.")) return false;
    bool http10 = line[7] == '0';
    auto [p, ec] = std::from_chars(line.data() + 9, line.data() + 12, status_);
    if (ec != std::errc()) return false;
    bool chunked = false, has_length = false, keep_alive = false;
    close_ = http10;
    while (eol != std::string_view::npos) {
      head.remove_prefix(eol + 2);
      eol = head.find("\r\n");
      std::string_view h = head.substr(0, eol);
      size_t colon = h.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = h.substr(0, colon), value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (iequals(name, "content-length")) {
        has_length = true;
        std::from_chars(value.data(), value.data() + value.size(), remaining_);
      } else if (iequals(name, "transfer-encoding")) {
        chunked = icontains(value, "chunked");
      } else if (iequals(name, "connection")) {
        if (icontains(value, "close")) close_ = true;
        if (icontains(value, "keep-alive")) keep_alive = true;
      }
    }
    if (http10 && keep_alive) close_ = false;
    if (status_ >= 100 && status_ < 200) {  // interim answer: the real one follows
      state_ = State::kHeaders;
    } else if (status_ == 204 || status_ == 304) {
      state_ = State::kDone;
    } else if (chunked) {
      state_ = State::kChunkSize;
    } else if (has_length) {
      state_ = remaining_ == 0 ? State::kDone : State::kFixed;
    } else {
      state_ = State::kUntilClose;
      close_ = true;
    }
    return true;
  }

  std::string in_;
  size_t pos_ = 0;
  State state_ = State::kHeaders;
  int status_ = 0;
  size_t remaining_ = 0;
  bool close_ = false;
  std::string body_;
};

// ---------------------------------------------------------------------------------------------
// Requests

class RequestWriter {
 public:
  explicit RequestWriter(const Endpoint& ep) {
    prefix_ = "POST / HTTP/1.1\r\nHost: " + ep.host_header +
              "\r\nContent-Type: application/x-amz-json-1.0"
              "\r\nX-Amz-Date: 20260101T000000Z"
              "\r\nAuthorization: " +
              std::string(kAuthorization) + "\r\nX-Amz-Target: DynamoDB_20120810.";
    get_root_ = "GET / HTTP/1.1\r\nHost: " + ep.host_header + "\r\n\r\n";
  }
  void post(std::string_view action, std::string_view body, std::string& out) const {
    char len[24];
    auto [end, ec] = std::to_chars(len, len + sizeof len, body.size());
    out.clear();
    out += prefix_;
    out += action;
    out += "\r\nContent-Length: ";
    out.append(len, end);
    out += "\r\n\r\n";
    out += body;
  }
  const std::string& get_root() const { return get_root_; }

 private:
  std::string prefix_;
  std::string get_root_;
};

// Blocking keep-alive client, for setup work, Scan, and the thread-per-connection engine.
class Client {
 public:
  Client(const Endpoint& ep, const RequestWriter& writer, double timeout_s, bool retry_stale)
      : ep_(ep), writer_(writer), timeout_s_(timeout_s), retry_stale_(retry_stale) {}
  ~Client() { disconnect(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool post(std::string_view action, std::string_view body, std::string& err) {
    writer_.post(action, body, req_);
    return roundtrip(req_, err);
  }
  bool get_root(std::string& err) { return roundtrip(writer_.get_root(), err); }
  int status() const { return parser_.status(); }
  std::string_view body() const { return parser_.body(); }
  int64_t connects() const { return connects_; }

  // Sends one request and reads the whole answer. On a transport failure returns false, sets
  // err and drops the connection. A kept-alive connection that the server had already closed
  // is retried once on a new one when retry_stale is set.
  bool roundtrip(std::string_view request, std::string& err) {
    for (int attempt = 0;; ++attempt) {
      bool reused = fd_ >= 0;
      bool got_bytes = false;
      if (try_roundtrip(request, err, got_bytes)) return true;
      disconnect();
      if (!(retry_stale_ && reused && !got_bytes && attempt == 0)) return false;
    }
  }

  void disconnect() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    parser_.clear();
  }

 private:
  bool try_roundtrip(std::string_view request, std::string& err, bool& got_bytes) {
    if (fd_ < 0) {
      parser_.clear();
      fd_ = open_socket(ep_, false, timeout_s_, err);
      if (fd_ < 0) return false;
      ++connects_;
    }
    parser_.next();
    for (size_t sent = 0; sent < request.size();) {
      ssize_t k = send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) {
        err = std::string("send: ") + std::strerror(errno);
        return false;
      }
      sent += size_t(k);
    }
    char buf[65536];
    for (;;) {
      ssize_t k = recv(fd_, buf, sizeof buf, 0);
      if (k < 0 && errno == EINTR) continue;
      if (k < 0) {
        err = errno == EAGAIN ? "timeout" : std::string("recv: ") + std::strerror(errno);
        return false;
      }
      ResponseParser::Result r = k == 0 ? parser_.eof() : parser_.feed(buf, size_t(k));
      if (k > 0) got_bytes = true;
      if (r == ResponseParser::Result::kDone) break;
      if (r == ResponseParser::Result::kBad) {
        err = k == 0 ? "connection closed by server" : "malformed HTTP response";
        return false;
      }
    }
    if (parser_.close()) {
      close(fd_);
      fd_ = -1;
    }
    return true;
  }

  const Endpoint& ep_;
  const RequestWriter& writer_;
  double timeout_s_;
  bool retry_stale_;
  int fd_ = -1;
  int64_t connects_ = 0;
  ResponseParser parser_;
  std::string req_;
};

// ---------------------------------------------------------------------------------------------
// Response inspection (just enough JSON to check answers and follow Scan pages)

size_t skip_to_value(std::string_view body, std::string_view quoted_key) {
  size_t at = body.find(quoted_key);
  if (at == std::string_view::npos) return at;
  at += quoted_key.size();
  while (at < body.size() && (body[at] == ' ' || body[at] == ':' || body[at] == '\n' ||
                              body[at] == '\t' || body[at] == '\r')) {
    ++at;
  }
  return at;
}

// The integer value of a top-level field such as "Count"; -1 if absent.
int64_t json_int(std::string_view body, std::string_view quoted_key) {
  size_t at = skip_to_value(body, quoted_key);
  if (at == std::string_view::npos) return -1;
  int64_t v = -1;
  std::from_chars(body.data() + at, body.data() + body.size(), v);
  return v;
}

// The text of the object value of a field (braces balanced, strings skipped); empty if absent.
std::string_view json_object(std::string_view body, std::string_view quoted_key) {
  size_t at = skip_to_value(body, quoted_key);
  if (at == std::string_view::npos || at >= body.size() || body[at] != '{') return {};
  int depth = 0;
  bool in_string = false;
  for (size_t i = at; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return body.substr(at, i - at + 1);
    }
  }
  return {};
}

bool empty_object(std::string_view obj) {
  return obj.find_first_not_of(" \t\r\n", 1) == obj.size() - 1;
}

// A BatchWriteItem answer is complete only when UnprocessedItems is absent or empty.
bool batch_complete(std::string_view body) {
  if (body.find("\"UnprocessedItems\"") == std::string_view::npos) return true;
  std::string_view u = json_object(body, "\"UnprocessedItems\"");
  return !u.empty() && empty_object(u);
}

bool looks_unsupported(int status, std::string_view body) {
  if (status < 400) return false;
  for (std::string_view s : {"UnknownOperation", "NotImplemented", "not implemented",
                             "not supported", "UnsupportedOperation", "not yet implemented"}) {
    if (icontains(body, s)) return true;
  }
  return false;
}

std::string snippet(std::string_view body) {
  std::string s(body.substr(0, 300));
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// ---------------------------------------------------------------------------------------------
// Workloads: how to make a request body and how to check its answer

struct Rng {  // splitmix64
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return next() % n; }
};

// Appends prefix followed by n zero-padded to width digits.
void append_key(std::string& out, std::string_view prefix, uint64_t n, int width) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  int len = int(end - digits);
  out += prefix;
  if (len < width) out.append(size_t(width - len), '0');
  out.append(digits, end);
}

struct Key {
  std::string pk, sk;
  uint64_t index_seed = 0;  // picks the item's GSI key values (g1..gN) when --gsis N
};

Key point_key(uint64_t i) {
  Key k;
  append_key(k.pk, "item-", i, 8);
  k.sk.push_back('a');  // not `= "a"`: g++ 12 -O3 gives a false -Wrestrict for that
  k.index_seed = i;
  return k;
}

Key query_key(uint64_t i) {  // item i of the Query data: partition i / 10, sort key i % 10
  Key k;
  append_key(k.pk, "part-", i / kQueryItems, 5);
  append_key(k.sk, "s", i % kQueryItems, 2);
  k.index_seed = i;
  return k;
}

void append_key_json(std::string& out, const Key& k) {
  out += R"({"pk":{"S":")";
  out += k.pk;
  out += R"("},"sk":{"S":")";
  out += k.sk;
  out += R"("}})";
}

// The value of GSI key attribute g<index> (1-based) of an item: one of kIndexValues strings
// (v000 ... v999), spread by a hash of the item's index_seed.
uint64_t index_value(uint64_t seed, int index) {
  uint64_t z = seed * 0x9e3779b97f4a7c15ULL + uint64_t(index) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 31)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 29)) % kIndexValues;
}

// An item of about item_size bytes as DynamoDB counts them (attribute names plus values),
// carrying the key attributes g1..g<gsis> of the table's indexes (counted in the size).
void append_item_json(std::string& out, const Key& k, int item_size, int gsis) {
  int fixed = int(2 + k.pk.size() + 2 + k.sk.size() + 4);
  out += R"({"pk":{"S":")";
  out += k.pk;
  out += R"("},"sk":{"S":")";
  out += k.sk;
  out += '"';
  for (int g = 1; g <= gsis; ++g) {
    out += R"(},")";
    size_t name_at = out.size();
    append_key(out, "g", uint64_t(g), 1);
    fixed += int(out.size() - name_at) + 4;  // the name, and the value v<3 digits>
    append_key(out, R"(":{"S":"v)", index_value(k.index_seed, g), 3);
    out += '"';
  }
  out += R"(},"data":{"S":")";
  out.append(size_t(std::max(1, item_size - fixed)), 'x');
  out += R"("}})";
}

void append_table(std::string& out, const std::string& table) {
  out += R"({"TableName":")";
  out += table;
  out += '"';
}

void append_batch(std::string& out, const std::string& table, const std::vector<Key>& keys,
                  int item_size, int gsis) {
  out += R"({"RequestItems":{")";
  out += table;
  out += R"(":[)";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"PutRequest":{"Item":)";
    append_item_json(out, keys[i], item_size, gsis);
    out += "}}";
  }
  out += "]}}";
}

struct Workload {
  std::string action;
  // Fills body with the next request. Returns false when there is nothing left to send.
  std::function<bool(Rng&, std::string& body)> make;
  // True when a 2xx answer holds what the operation must return (null: any 2xx will do).
  std::function<bool(std::string_view body)> check;
};

// Writes items [0, count) produced by key_of: kBatchSize to a BatchWriteItem, or one PutItem
// each when per_request is 1. Requests are handed out in order to whichever connection asks
// next, so any concurrency writes each item exactly once.
Workload loader(const Options& o, const std::string& table, int64_t count, Key (*key_of)(uint64_t),
                int per_request) {
  auto next = std::make_shared<std::atomic<int64_t>>(0);
  int item_size = o.item_size, gsis = o.gsis;
  if (per_request == 1) {
    return Workload{"PutItem",
                    [=](Rng&, std::string& body) {
                      int64_t i = next->fetch_add(1);
                      if (i >= count) return false;
                      body.clear();
                      append_table(body, table);
                      body += R"(,"Item":)";
                      append_item_json(body, key_of(uint64_t(i)), item_size, gsis);
                      body += '}';
                      return true;
                    },
                    nullptr};
  }
  return Workload{"BatchWriteItem",
                  [=](Rng&, std::string& body) {
                    int64_t first = next->fetch_add(kBatchSize);
                    if (first >= count) return false;
                    std::vector<Key> keys;
                    for (int64_t i = first; i < std::min(count, first + kBatchSize); ++i) {
                      keys.push_back(key_of(uint64_t(i)));
                    }
                    body.clear();
                    append_batch(body, table, keys, item_size, gsis);
                    return true;
                  },
                  batch_complete};
}

bool make_workload(const Options& o, Workload& w) {
  const std::string table = o.table;
  const int item_size = o.item_size, gsis = o.gsis;
  const uint64_t keys = uint64_t(o.keys), parts = uint64_t(o.parts);
  if (o.op == "put") {
    w = {"PutItem",
         [=](Rng& rng, std::string& body) {
           body.clear();
           append_table(body, table);
           body += R"(,"Item":)";
           // With --gsis, new random index keys: the write moves the item in every index.
           Key k = point_key(rng.below(keys));
           if (gsis > 0) k.index_seed = rng.next();
           append_item_json(body, k, item_size, gsis);
           body += '}';
           return true;
         },
         nullptr};
  } else if (o.op == "get") {
    w = {"GetItem",
         [=](Rng& rng, std::string& body) {
           body.clear();
           append_table(body, table);
           body += R"(,"Key":)";
           append_key_json(body, point_key(rng.below(keys)));
           body += '}';
           return true;
         },
         [](std::string_view b) { return b.find("\"Item\"") != std::string_view::npos; }};
  } else if (o.op == "update") {
    w = {"UpdateItem",
         [=](Rng& rng, std::string& body) {
           body.clear();
           append_table(body, table);
           body += R"(,"Key":)";
           append_key_json(body, point_key(rng.below(keys)));
           body += R"(,"UpdateExpression":"SET #c = if_not_exists(#c, :zero) + :one",)"
                   R"("ExpressionAttributeNames":{"#c":"counter"},)"
                   R"("ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"}}})";
           return true;
         },
         nullptr};
  } else if (o.op == "query") {
    w = {"Query",
         [=](Rng& rng, std::string& body) {
           body.clear();
           append_table(body, table);
           body +=
               R"(,"KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":")";
           append_key(body, "part-", rng.below(parts), 5);
           body += R"("}}})";
           return true;
         },
         [](std::string_view b) { return json_int(b, "\"Count\"") == kQueryItems; }};
  } else if (o.op == "batch") {
    w = {"BatchWriteItem",
         [=](Rng& rng, std::string& body) {
           // 25 consecutive keys from a random start: a batch must not repeat a key.
           uint64_t start = rng.below(keys);
           std::vector<Key> ks;
           for (int i = 0; i < kBatchSize; ++i) {
             ks.push_back(point_key((start + i) % keys));
             if (gsis > 0) ks.back().index_seed = rng.next();
           }
           body.clear();
           append_batch(body, table, ks, item_size, gsis);
           return true;
         },
         batch_complete};
  } else {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Statistics

struct Stats {
  std::vector<uint32_t> latency_us;  // measured requests that got an answer
  int64_t ok = 0;
  int64_t http_errors = 0;   // answered with a non-2xx status
  int64_t check_errors = 0;  // 2xx whose body lacks what the operation must return
  int64_t net_errors = 0;    // connect/send/recv failure, timeout, malformed HTTP
  int64_t warmup_requests = 0;
  int64_t warmup_errors = 0;
  int64_t connects = 0;
  int64_t first_us = 0, last_us = 0;  // measured window: first start, last completion
  std::string first_error;

  int64_t errors() const { return http_errors + check_errors + net_errors + warmup_errors; }
  int64_t measured() const { return ok + http_errors + check_errors + net_errors; }

  void note(std::string msg) {
    if (first_error.empty()) first_error = std::move(msg);
  }
  // Accounts one answer (status > 0) or transport failure (status 0, msg says why).
  void account(bool measured, int64_t start, int64_t end, int status, std::string_view body,
               const Workload& w, std::string_view msg) {
    bool failed = true;
    if (status == 0) {
      note(std::string(w.action) + ": " + std::string(msg));
      if (measured) ++net_errors;
    } else if (status < 200 || status > 299) {
      note(w.action + ": HTTP " + std::to_string(status) + " " + snippet(body));
      if (measured) ++http_errors;
    } else if (w.check && !w.check(body)) {
      note(w.action + ": unexpected answer: " + snippet(body));
      if (measured) ++check_errors;
    } else {
      failed = false;
      if (measured) ++ok;
    }
    if (!measured) {
      ++warmup_requests;
      if (failed) ++warmup_errors;
      return;
    }
    if (status != 0) latency_us.push_back(uint32_t(std::min<int64_t>(end - start, UINT32_MAX)));
    if (first_us == 0 || start < first_us) first_us = start;
    last_us = std::max(last_us, end);
  }
  void merge(Stats& s) {
    latency_us.insert(latency_us.end(), s.latency_us.begin(), s.latency_us.end());
    ok += s.ok;
    http_errors += s.http_errors;
    check_errors += s.check_errors;
    net_errors += s.net_errors;
    warmup_requests += s.warmup_requests;
    warmup_errors += s.warmup_errors;
    connects += s.connects;
    if (s.first_us != 0 && (first_us == 0 || s.first_us < first_us)) first_us = s.first_us;
    last_us = std::max(last_us, s.last_us);
    if (first_error.empty()) first_error = s.first_error;
  }
};

// When to send: a request count, or a time window whose first warmup_s are not measured.
class Plan {
 public:
  Plan(const Options& o, int64_t total) : total_(total) {
    start_ = mono_us();
    measure_from_ = total > 0 ? start_ : start_ + int64_t(o.warmup_s * 1e6);
    deadline_ = total > 0 ? INT64_MAX : measure_from_ + int64_t(o.duration_s * 1e6);
  }
  // Claims the next request slot; false when the run is over.
  bool next(int64_t now, bool& measured) {
    if (total_ > 0) {
      measured = true;
      return issued_.fetch_add(1, std::memory_order_relaxed) < total_;
    }
    measured = now >= measure_from_;
    return now < deadline_;
  }
  int64_t start() const { return start_; }
  int64_t measure_from() const { return measure_from_; }

 private:
  int64_t total_;
  int64_t start_ = 0, measure_from_ = 0, deadline_ = 0;
  std::atomic<int64_t> issued_{0};
};

// ---------------------------------------------------------------------------------------------
// Engine 1: one thread, epoll, non-blocking sockets

class EpollEngine {
 public:
  EpollEngine(const Options& o, const Endpoint& ep, const RequestWriter& writer, const Workload& w,
              Plan& plan)
      : o_(o), ep_(ep), writer_(writer), w_(w), plan_(plan), conns_(size_t(o.concurrency)) {}

  Stats run() {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    int active = 0;
    for (size_t i = 0; i < conns_.size(); ++i) {
      conns_[i].index = uint32_t(i);
      conns_[i].rng.s = o_.seed * 1000003 + i;
      if (start(conns_[i])) ++active;
    }
    epoll_event events[64];
    int64_t timeout_us = int64_t(o_.timeout_s * 1e6);
    while (active > 0) {
      int n = epoll_wait(epfd_, events, 64, 100);
      for (int i = 0; i < n; ++i) {
        Conn& c = conns_[events[i].data.u32];
        if (!c.busy) continue;
        bool alive = true;
        if (events[i].events & EPOLLOUT) alive = flush(c);
        if (alive && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) alive = receive(c);
        if (c.busy) continue;     // still waiting for its answer
        if (!start(c)) --active;  // answered or failed (both accounted): send the next one
      }
      if (n == 0 || (n > 0 && mono_us() - last_sweep_ > 100000)) {
        int64_t now = last_sweep_ = mono_us();
        for (Conn& c : conns_) {
          if (c.busy && now - c.start > timeout_us) {
            fail(c, "timeout");
            if (!start(c)) --active;
          }
        }
      }
    }
    for (Conn& c : conns_) drop(c);
    close(epfd_);
    return std::move(stats_);
  }

 private:
  struct Conn {
    uint32_t index = 0;
    int fd = -1;
    bool busy = false;
    bool want_out = false;
    bool measured = false;
    int64_t start = 0;
    size_t sent = 0;
    Rng rng{};
    std::string body, req;
    ResponseParser parser;
  };

  // Sends the next request on c. Returns false (c idle) when the run is over.
  bool start(Conn& c) {
    for (;;) {
      int64_t now = mono_us();
      bool measured = false;
      if (!plan_.next(now, measured) || !w_.make(c.rng, c.body)) {
        c.busy = false;
        return false;
      }
      c.busy = true;
      c.measured = measured;
      c.start = now;
      if (c.fd < 0 && !open(c)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // server gone: don't spin
        continue;
      }
      writer_.post(w_.action, c.body, c.req);
      c.sent = 0;
      c.parser.next();
      if (flush(c)) return true;
    }
  }

  bool open(Conn& c) {
    std::string err;
    c.fd = open_socket(ep_, true, 0, err);
    if (c.fd < 0) {
      stats_.account(c.measured, c.start, mono_us(), 0, {}, w_, err);
      c.busy = false;
      return false;
    }
    ++stats_.connects;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = c.index;
    epoll_ctl(epfd_, EPOLL_CTL_ADD, c.fd, &ev);
    c.want_out = false;
    return true;
  }

  void drop(Conn& c) {
    if (c.fd >= 0) {
      epoll_ctl(epfd_, EPOLL_CTL_DEL, c.fd, nullptr);
      close(c.fd);
    }
    c.fd = -1;
    c.parser.clear();
  }

  void fail(Conn& c, std::string_view msg) {
    stats_.account(c.measured, c.start, mono_us(), 0, {}, w_, msg);
    drop(c);
    c.busy = false;
  }

  void want_out(Conn& c, bool on) {
    if (c.want_out == on) return;
    c.want_out = on;
    epoll_event ev{};
    ev.events = on ? EPOLLIN | EPOLLOUT : EPOLLIN;
    ev.data.u32 = c.index;
    epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  // Writes what is left of the request. False on failure (accounted, c no longer busy).
  bool flush(Conn& c) {
    while (c.sent < c.req.size()) {
      ssize_t k = send(c.fd, c.req.data() + c.sent, c.req.size() - c.sent, MSG_NOSIGNAL);
      if (k > 0) {
        c.sent += size_t(k);
      } else if (k < 0 && errno == EINTR) {
        continue;
      } else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        want_out(c, true);
        return true;
      } else {
        fail(c, std::string("send: ") + std::strerror(errno));
        return false;
      }
    }
    want_out(c, false);
    return true;
  }

  // Reads what has arrived. False on failure (accounted, c no longer busy).
  bool receive(Conn& c) {
    char buf[65536];
    for (;;) {
      ssize_t k = recv(c.fd, buf, sizeof buf, 0);
      if (k < 0 && errno == EINTR) continue;
      if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (k < 0) {
        fail(c, std::string("recv: ") + std::strerror(errno));
        return false;
      }
      ResponseParser::Result r = k == 0 ? c.parser.eof() : c.parser.feed(buf, size_t(k));
      if (r == ResponseParser::Result::kBad) {
        fail(c, k == 0 ? "connection closed by server" : "malformed HTTP response");
        return false;
      }
      if (r == ResponseParser::Result::kDone) {
        stats_.account(c.measured, c.start, mono_us(), c.parser.status(), c.parser.body(), w_, {});
        if (c.parser.close() || k == 0) drop(c);
        c.busy = false;
        return true;
      }
      if (size_t(k) < sizeof buf) return true;  // drained; epoll reports the rest
    }
  }

  const Options& o_;
  const Endpoint& ep_;
  const RequestWriter& writer_;
  const Workload& w_;
  Plan& plan_;
  std::vector<Conn> conns_;
  Stats stats_;
  int epfd_ = -1;
  int64_t last_sweep_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Engine 2: one thread per connection, blocking sockets

Stats run_threads(const Options& o, const Endpoint& ep, const RequestWriter& writer,
                  const Workload& w, Plan& plan) {
  std::vector<Stats> per(size_t(o.concurrency));
  std::vector<std::thread> threads;
  for (int t = 0; t < o.concurrency; ++t) {
    threads.emplace_back([&, t] {
      Stats& s = per[size_t(t)];
      Client client(ep, writer, o.timeout_s, false);
      Rng rng{o.seed * 1000003 + uint64_t(t)};
      std::string body, err;
      for (;;) {
        int64_t start = mono_us();
        bool measured = false;
        if (!plan.next(start, measured) || !w.make(rng, body)) break;
        bool answered = client.post(w.action, body, err);
        int64_t end = mono_us();
        if (answered) {
          s.account(measured, start, end, client.status(), client.body(), w, {});
        } else {
          s.account(measured, start, end, 0, {}, w, err);
          if (err.starts_with("connect")) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
      s.connects = client.connects();
    });
  }
  for (auto& t : threads) t.join();
  Stats all;
  for (auto& s : per) all.merge(s);
  return all;
}

Stats run_load(const Options& o, const Endpoint& ep, const RequestWriter& writer, const Workload& w,
               int64_t total) {
  Plan plan(o, total);
  if (o.io == "threads") return run_threads(o, ep, writer, w, plan);
  return EpollEngine(o, ep, writer, w, plan).run();
}

// ---------------------------------------------------------------------------------------------
// Reporting

int64_t percentile(const std::vector<uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = size_t(q * double(sorted.size()) + 0.999999);
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

// Prints the run's line and returns the exit status.
int report(const Options& o, std::string_view op, Stats& s, int64_t cpu, int64_t wall,
           std::string_view extra) {
  std::sort(s.latency_us.begin(), s.latency_us.end());
  int64_t requests = s.measured();
  double seconds = s.last_us > s.first_us ? double(s.last_us - s.first_us) / 1e6 : 0;
  double rps = seconds > 0 ? double(requests) / seconds : 0;
  double mean = 0;
  for (uint32_t v : s.latency_us) mean += v;
  if (!s.latency_us.empty()) mean /= double(s.latency_us.size());
  int64_t all = requests + s.warmup_requests;
  const char* status = "ok";
  int rc = 0;
  if (requests == 0) {
    status = "FAIL";
    rc = 2;
  } else if (s.errors() * 100 > all) {
    status = "FAIL";
    rc = 2;
  } else if (s.errors() > 0) {
    status = "errors";
  }
  std::printf(
      "op=%.*s conc=%d io=%s requests=%lld errors=%lld http_errors=%lld check_errors=%lld "
      "net_errors=%lld warmup_requests=%lld connects=%lld seconds=%.3f rps=%.1f p50_us=%lld "
      "p99_us=%lld mean_us=%.0f max_us=%lld cpu_pct=%.1f cpu_us_per_req=%.1f%s%.*s status=%s\n",
      int(op.size()), op.data(), o.concurrency, o.io.c_str(), (long long)requests,
      (long long)s.errors(), (long long)s.http_errors, (long long)s.check_errors,
      (long long)s.net_errors, (long long)s.warmup_requests, (long long)s.connects, seconds, rps,
      (long long)percentile(s.latency_us, 0.50), (long long)percentile(s.latency_us, 0.99), mean,
      (long long)(s.latency_us.empty() ? 0 : s.latency_us.back()),
      wall > 0 ? 100.0 * double(cpu) / double(wall) : 0.0,
      all > 0 ? double(cpu) / double(all) : 0.0, extra.empty() ? "" : " ", int(extra.size()),
      extra.data(), status);
  std::fflush(stdout);
  if (s.errors() > 0) {
    std::fprintf(stderr, "loadgen: %s: %lld errors; first: %s\n", std::string(op).c_str(),
                 (long long)s.errors(), s.first_error.c_str());
  }
  return rc;
}

int print_status(std::string_view op, const char* status, int rc, const std::string& why) {
  std::printf("op=%.*s status=%s\n", int(op.size()), op.data(), status);
  std::fflush(stdout);
  if (!why.empty())
    std::fprintf(stderr, "loadgen: %.*s: %s\n", int(op.size()), op.data(), why.c_str());
  return rc;
}

// ---------------------------------------------------------------------------------------------
// Operations

// Polls until the server answers: GET / with 200, or else ListTables with 200.
int op_ready(const Options& o, const Endpoint& ep, const RequestWriter& writer) {
  int64_t origin = o.since_us > 0 ? o.since_us : wall_us();
  int64_t give_up = mono_us() + int64_t(o.timeout_s * 1e6);
  int64_t attempts = 0;
  while (mono_us() < give_up) {
    ++attempts;
    Client c(ep, writer, 5, false);
    std::string err;
    const char* via = nullptr;
    if (c.get_root(err) && c.status() == 200) {
      via = "get";
    } else if (c.post("ListTables", "{}", err) && c.status() == 200) {
      via = "listtables";
    }
    if (via != nullptr) {
      std::printf("op=ready startup_ms=%.1f via=%s attempts=%lld status=ok\n",
                  double(wall_us() - origin) / 1000.0, via, (long long)attempts);
      return 0;
    }
    c.disconnect();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return print_status("ready", "FAIL", 1, "server did not answer in time");
}

// True when every "IndexStatus" in a DescribeTable answer (if any) is ACTIVE.
bool indexes_active(std::string_view body) {
  for (size_t from = 0;;) {
    size_t at = body.find("\"IndexStatus\"", from);
    if (at == std::string_view::npos) return true;
    std::string_view rest = body.substr(at);
    size_t v = skip_to_value(rest, "\"IndexStatus\"");
    if (v == std::string_view::npos || !rest.substr(v).starts_with("\"ACTIVE\"")) return false;
    from = at + 1;
  }
}

// CreateTable (an existing table is fine; with o.gsis, global secondary indexes gsi1..gsiN on
// g1..gN, projection ALL) and wait until the table and its indexes are ACTIVE. Returns 0 when
// ready, 3 when the server rejects the table as unsupported, 1 otherwise (why says why).
int ensure_table(const Options& o, Client& c, const std::string& table, std::string& why) {
  std::string body;
  append_table(body, table);
  body += R"(,"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
          R"({"AttributeName":"sk","AttributeType":"S"})";
  for (int g = 1; g <= o.gsis; ++g) {
    append_key(body, R"(,{"AttributeName":"g)", uint64_t(g), 1);
    body += R"(","AttributeType":"S"})";
  }
  body += R"(],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
          R"({"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST")";
  if (o.gsis > 0) {
    body += R"(,"GlobalSecondaryIndexes":[)";
    for (int g = 1; g <= o.gsis; ++g) {
      if (g > 1) body += ',';
      append_key(body, R"({"IndexName":"gsi)", uint64_t(g), 1);
      append_key(body, R"(","KeySchema":[{"AttributeName":"g)", uint64_t(g), 1);
      body += R"(","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}})";
    }
    body += ']';
  }
  body += '}';
  std::string err;
  if (!c.post("CreateTable", body, err)) {
    why = "CreateTable: " + err;
    return 1;
  }
  if (c.status() != 200 && c.body().find("ResourceInUseException") == std::string_view::npos) {
    why = "CreateTable: HTTP " + std::to_string(c.status()) + " " + snippet(c.body());
    return looks_unsupported(c.status(), c.body()) ? 3 : 1;
  }
  std::string describe;
  append_table(describe, table);
  describe += '}';
  int64_t give_up = mono_us() + int64_t(std::max(60.0, o.timeout_s) * 1e6);
  while (mono_us() < give_up) {
    if (!c.post("DescribeTable", describe, err)) {
      why = "DescribeTable: " + err;
      return 1;
    }
    if (c.status() != 200) {
      why = "DescribeTable: HTTP " + std::to_string(c.status()) + " " + snippet(c.body());
      return 1;
    }
    size_t at = skip_to_value(c.body(), "\"TableStatus\"");
    if (at != std::string_view::npos && c.body().substr(at).starts_with("\"ACTIVE\"") &&
        indexes_active(c.body())) {
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  why = "table " + table + " (or one of its indexes) did not become ACTIVE";
  return 1;
}

// How many items one loading request writes: kBatchSize when the server takes BatchWriteItem
// (tried with the first batch, which the load writes again), 1 (PutItem) when it answers that
// it does not know the operation.
int items_per_load_request(const Options& o, Client& c, const std::string& table, int64_t count,
                           Key (*key_of)(uint64_t)) {
  Workload probe_batch = loader(o, table, std::min<int64_t>(count, kBatchSize), key_of, kBatchSize);
  Rng rng{0};
  std::string body, err;
  probe_batch.make(rng, body);
  if (c.post(probe_batch.action, body, err) && looks_unsupported(c.status(), c.body())) {
    std::fprintf(stderr, "loadgen: BatchWriteItem not supported: loading with PutItem\n");
    return 1;
  }
  return kBatchSize;
}

// Writes items [0, count) made by key_of with the load engine over 4 connections (untimed by
// the caller). False, with why, on any error.
bool load(const Options& o, const Endpoint& ep, const RequestWriter& writer, Client& c,
          const std::string& table, int64_t count, Key (*key_of)(uint64_t), std::string& why) {
  Options lo = o;
  lo.concurrency = 4;
  lo.warmup_s = 0;
  int per = items_per_load_request(o, c, table, count, key_of);
  Stats s = run_load(lo, ep, writer, loader(o, table, count, key_of, per), (count + per - 1) / per);
  if (s.errors() > 0) {
    why = "loading data: " + std::to_string(s.errors()) + " errors; first: " + s.first_error;
    return false;
  }
  return true;
}

// The first request, alone: tells an unsupported operation from a broken one before the run.
int probe(const Options& o, Client& c, const Workload& w) {
  Rng rng{o.seed ^ 0x5eed};
  std::string body, err;
  w.make(rng, body);
  if (!c.post(w.action, body, err)) return print_status(o.op, "FAIL", 1, w.action + ": " + err);
  if (looks_unsupported(c.status(), c.body())) {
    return print_status(
        o.op, "unsupported", 3,
        w.action + ": HTTP " + std::to_string(c.status()) + " " + snippet(c.body()));
  }
  if (c.status() < 200 || c.status() > 299) {
    return print_status(
        o.op, "FAIL", 2,
        w.action + ": HTTP " + std::to_string(c.status()) + " " + snippet(c.body()));
  }
  if (w.check && !w.check(c.body())) {
    return print_status(o.op, "FAIL", 2, w.action + ": unexpected answer: " + snippet(c.body()));
  }
  return 0;
}

int op_scan(const Options& o, const Endpoint& ep, const RequestWriter& writer, Client& c) {
  std::string table = o.table + "_scan_" + std::to_string(o.items);
  std::string why;
  if (int rc = ensure_table(o, c, table, why); rc != 0) {
    return print_status("scan", rc == 3 ? "unsupported" : "FAIL", rc, why);
  }
  if (o.prepare && !load(o, ep, writer, c, table, o.items, point_key, why)) {
    return print_status("scan", "FAIL", 2, why);
  }
  int64_t scans = o.requests > 0 ? o.requests : 3;
  Stats s;
  Workload w{"Scan", nullptr, nullptr};
  int64_t pages = 0;
  int64_t cpu0 = cpu_us(), wall0 = mono_us();
  for (int64_t i = 0; i < scans; ++i) {
    int64_t start = mono_us(), items = 0;
    pages = 0;
    std::string body, err, last_key;
    int status = 0;
    for (;;) {
      body.clear();
      append_table(body, table);
      if (!last_key.empty()) body += ",\"ExclusiveStartKey\":" + last_key;
      body += '}';
      status = 0;
      if (!c.post("Scan", body, err)) break;
      status = c.status();
      ++pages;
      if (status != 200) break;
      items += std::max<int64_t>(0, json_int(c.body(), "\"Count\""));
      last_key = std::string(json_object(c.body(), "\"LastEvaluatedKey\""));
      if (last_key.empty()) break;
    }
    int64_t end = mono_us();
    if (status == 200 && items != o.items) {
      w.check = [](std::string_view) { return false; };  // counted as a wrong answer
      s.account(true, start, end, 200,
                "scanned " + std::to_string(items) + " items, expected " + std::to_string(o.items),
                w, {});
      w.check = nullptr;
    } else {
      s.account(true, start, end, status, c.body(), w, err);
    }
  }
  std::string extra = "items=" + std::to_string(o.items) + " pages=" + std::to_string(pages);
  Options ro = o;
  ro.concurrency = 1;
  return report(ro, "scan", s, cpu_us() - cpu0, mono_us() - wall0, extra);
}

int run(Options o) {
  // A table with indexes is not the plain table: CreateTable would find the name taken.
  if (o.gsis > 0) o.table += "_gsi" + std::to_string(o.gsis);
  // Query reads its own table (--parts partitions of 10 items), so that its cost does not
  // depend on how many other items the server holds (moto's Query walks the whole table).
  if (o.op == "query" || o.op == "preload-query") o.table += "_query";
  Endpoint ep;
  if (!resolve(o, ep)) return 1;
  RequestWriter writer(ep);
  if (o.op == "ready") return op_ready(o, ep, writer);

  Client c(ep, writer, o.timeout_s, true);
  std::string why;
  if (o.op == "scan") return op_scan(o, ep, writer, c);
  if (int rc = ensure_table(o, c, o.table, why); rc != 0) {
    return print_status(o.op, rc == 3 ? "unsupported" : "FAIL", rc, why);
  }
  if (o.op == "setup") return print_status("setup", "ok", 0, {});

  if (o.op == "preload" || o.op == "preload-query") {
    bool query_layout = o.op == "preload-query";
    int64_t count = query_layout ? o.parts * kQueryItems : o.items;
    Key (*key_of)(uint64_t) = query_layout ? query_key : point_key;
    int per = items_per_load_request(o, c, o.table, count, key_of);
    Workload w = loader(o, o.table, count, key_of, per);
    int64_t cpu0 = cpu_us(), wall0 = mono_us();
    Stats s = run_load(o, ep, writer, w, (count + per - 1) / per);
    double seconds = double(s.last_us - s.first_us) / 1e6;
    char extra[128];
    std::snprintf(extra, sizeof extra, "items=%lld items_per_s=%.0f load_op=%s", (long long)count,
                  seconds > 0 ? double(count) / seconds : 0.0, w.action.c_str());
    return report(o, o.op, s, cpu_us() - cpu0, mono_us() - wall0, extra);
  }

  Workload w;
  if (!make_workload(o, w)) {
    std::fprintf(stderr, "loadgen: unknown op %s\n", o.op.c_str());
    usage();
    return 1;
  }
  if (o.prepare && (o.op == "get" || o.op == "update")) {
    if (!load(o, ep, writer, c, o.table, o.keys, point_key, why)) {
      return print_status(o.op, "FAIL", 2, why);
    }
  } else if (o.prepare && o.op == "query") {
    int64_t n = o.parts * kQueryItems;
    if (!load(o, ep, writer, c, o.table, n, query_key, why)) {
      return print_status(o.op, "FAIL", 2, why);
    }
  }
  if (int rc = probe(o, c, w); rc != 0) return rc;
  c.disconnect();

  int64_t cpu0 = cpu_us(), wall0 = mono_us();
  Stats s = run_load(o, ep, writer, w, o.requests);
  return report(o, o.op, s, cpu_us() - cpu0, mono_us() - wall0, {});
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_args(argc, argv, o)) {
    usage();
    return 1;
  }
  return run(o);
}
