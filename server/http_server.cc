#include "server/http_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <list>
#include <memory>

namespace drydock::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Every live session, so shutdown can close the idle ones.
struct Session {
  beast::tcp_stream stream;
  bool busy = false;  // a request has been read and is not yet answered
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
};

// Runs the engine's background work when it is due: one timer, armed for the earliest
// wake-up the engine reports.
class BackgroundTimer {
 public:
  BackgroundTimer(asio::io_context& io, storage::Engine& engine) : timer_(io), engine_(engine) {}

  void arm() {
    auto wake = engine_.next_wake_ms();
    if (!wake) return;
    // Background work runs in batches at most every kMinIntervalMs, so a steady stream of
    // writes costs one propagation pass per interval rather than one per millisecond
    // (GSI updates then land up to that much after their lag).
    if (last_run_ms_) wake = std::max(*wake, *last_run_ms_ + kMinIntervalMs);
    if (armed_for_ && *armed_for_ <= *wake) return;
    armed_for_ = wake;
    auto delay = std::max<std::int64_t>(0, *wake - engine_.now_ms());
    timer_.expires_after(std::chrono::milliseconds(delay));
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // re-armed earlier, or shutting down
      armed_for_.reset();
      last_run_ms_ = engine_.now_ms();
      auto r = engine_.run_background(false);
      if (!r) std::cerr << "drydock: background work failed: " << r.error().message << "\n";
      arm();
    });
  }
  void cancel() { timer_.cancel(); }

 private:
  static constexpr std::int64_t kMinIntervalMs = 5;
  asio::steady_timer timer_;
  storage::Engine& engine_;
  std::optional<std::int64_t> armed_for_;
  std::optional<std::int64_t> last_run_ms_;
};

struct ServerState {
  const ServerSettings& settings;
  Handler& handler;
  BackgroundTimer& background;
  std::list<std::shared_ptr<Session>> sessions;
  bool stopping = false;
};

// Splits the request target into path and query, as SigV4 needs them.
std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

asio::awaitable<void> run_session(ServerState& state, std::shared_ptr<Session> session) {
  // Room for a typical signed request from the start: the reads then take it whole, in
  // one recv, where the 512 bytes Beast would otherwise ask for split most requests in two.
  beast::flat_buffer buffer;
  buffer.reserve(16 * 1024);
  const auto& settings = state.settings;
  auth::RequestView view;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(settings.max_body_bytes);
    parser.header_limit(64 * 1024);
    session->stream.expires_after(std::chrono::seconds(settings.idle_timeout_seconds));
    beast::error_code ec;
    co_await http::async_read(session->stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == http::error::body_limit) {
        http::response<http::string_body> res{http::status::payload_too_large, 11};
        res.set(http::field::content_type, "text/plain");
        res.body() = "Request entity too large";
        res.prepare_payload();
        res.keep_alive(false);
        beast::error_code ignored;
        co_await http::async_write(session->stream, res,
                                   asio::redirect_error(asio::use_awaitable, ignored));
      }
      break;
    }
    session->busy = true;
    auto& req = parser.get();
    view.method = std::string_view(req.method_string().data(), req.method_string().size());
    auto target = std::string_view(req.target().data(), req.target().size());
    std::tie(view.path, view.query) = split_target(target);
    view.headers.clear();
    for (const auto& field : req) {
      view.headers.emplace_back(std::string_view(field.name_string().data(), field.name_string().size()),
                                std::string_view(field.value().data(), field.value().size()));
    }
    std::string& body = req.body();
    view.body = body;
    // The signature covers the body as sent; the handler parses it in place afterwards.
    HttpResponse out = state.handler.handle(view, body);
    if (!state.stopping) state.background.arm();

    http::response<http::string_body> res{static_cast<http::status>(out.status), req.version()};
    res.set(http::field::server, "drydock");
    res.set(http::field::content_type, out.content_type);
    for (auto& [name, value] : out.headers) res.set(name, value);
    res.body() = std::move(out.body);
    bool keep_alive = req.keep_alive() && !state.stopping;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    session->stream.expires_after(std::chrono::seconds(settings.read_timeout_seconds));
    beast::error_code wec;
    co_await http::async_write(session->stream, res, asio::redirect_error(asio::use_awaitable, wec));
    session->busy = false;
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  session->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  session->stream.close();
}

asio::awaitable<void> accept_loop(ServerState& state, tcp::acceptor& acceptor) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (state.stopping || ec == asio::error::operation_aborted) co_return;
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    socket.set_option(tcp::no_delay(true));
    auto session = std::make_shared<Session>(std::move(socket));
    auto it = state.sessions.insert(state.sessions.end(), session);
    asio::co_spawn(acceptor.get_executor(), run_session(state, session),
                   [&state, it](std::exception_ptr) { state.sessions.erase(it); });
  }
}

}  // namespace

int serve(const ServerSettings& settings, Handler& handler, storage::Engine& engine,
          const std::function<void(std::uint16_t)>& on_listening) {
  asio::io_context io(1);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(settings.host, ec);
  if (ec) {
    std::cerr << "drydock: invalid listen address '" << settings.host << "'\n";
    return 2;
  }
  tcp::acceptor acceptor(io);
  tcp::endpoint endpoint(address, settings.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "drydock: cannot listen on " << settings.host << ":" << settings.port << ": "
              << ec.message() << "\n";
    return 1;
  }
  BackgroundTimer background(io, engine);
  ServerState state{settings, handler, background, {}, false};
  background.arm();  // work left pending by a previous run
  on_listening(acceptor.local_endpoint().port());

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int) {
    if (error) return;
    state.stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    // Pending GSI updates stay in the database and are applied after the next start.
    background.cancel();
    // Idle connections close now; a connection with a request in hand answers it first
    // (keep-alive is refused once stopping) and then closes.
    for (auto& s : state.sessions) {
      if (!s->busy) s->stream.socket().close(ignored);
    }
  });
  asio::co_spawn(io, accept_loop(state, acceptor), asio::detached);
  io.run();
  return 0;
}

int probe(const std::string& host, std::uint16_t port, int timeout_ms) {
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::milliseconds(timeout_ms));
    tcp::endpoint endpoint(asio::ip::make_address(host), port);
    stream.connect(endpoint);
    http::request<http::empty_body> req{http::verb::get, "/", 11};
    req.set(http::field::host, host);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res.result() == http::status::ok ? 0 : 1;
  } catch (const std::exception&) {
    return 1;
  }
}

}  // namespace drydock::server
