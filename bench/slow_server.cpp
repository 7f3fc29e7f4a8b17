// pogen-bench-slow-server: an OpenAI-compatible endpoint that answers every request after a
// fixed delay, for pogen-bench's latency-bound run. One thread, epoll, HTTP/1.1 keep-alive.
//   pogen-bench-slow-server PORT [DELAY_MS]
//
// It replaces a Python asyncio server whose own work per request (parsing, scheduling the
// sleep, writing) came on top of the delay at 256 connections, so the run measured the server
// as much as the client. Here the delay is counted from the moment the whole request has been
// read, and a timerfd fires at the exact due time of the oldest pending answer: every request
// gets the same delay, so the pending answers are due in arrival order and a FIFO is the whole
// timer queue.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kBody =
    R"({"id":"chatcmpl-slow","object":"chat.completion","created":1700000000,)"
    R"("model":"bench-model","choices":[{"index":0,"message":{"role":"assistant",)"
    R"("content":"A fixed answer from the slow bench server."},"finish_reason":"stop",)"
    R"("logprobs":null}],"usage":{"prompt_tokens":380,"completion_tokens":10,"total_tokens":390}})";

std::string make_response() {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(kBody.size()) + "\r\n\r\n" + std::string(kBody);
}

struct Connection {
  std::uint64_t serial = 0;  // tells a reused descriptor from the one an answer was meant for
  std::string in;
  std::string out;  // what a full socket buffer did not take yet
};

struct Due {
  Clock::time_point when;
  int fd;
  std::uint64_t serial;
};

[[noreturn]] void die(const char* what) {
  std::perror(what);
  std::exit(1);
}

// The length of the first complete request in `in`, or 0 while it is still incomplete.
std::size_t complete_request(std::string_view in) {
  const auto end = in.find("\r\n\r\n");
  if (end == std::string_view::npos) return 0;
  std::size_t length = 0;
  std::string_view head = in.substr(0, end);
  for (std::size_t at = 0; at < head.size();) {
    std::size_t eol = head.find("\r\n", at);
    if (eol == std::string_view::npos) eol = head.size();
    std::string_view line = head.substr(at, eol - at);
    constexpr std::string_view kName = "content-length:";
    if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
      std::string_view value = line.substr(kName.size());
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      std::from_chars(value.data(), value.data() + value.size(), length);
    }
    at = eol + 2;
  }
  const std::size_t total = end + 4 + length;
  return in.size() >= total ? total : 0;
}

class Server {
 public:
  Server(int port, std::chrono::milliseconds delay) : delay_(delay), response_(make_response()) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    timer_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (epoll_ < 0 || timer_ < 0 || listener_ < 0) die("setup");
    int yes = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) die("bind");
    if (listen(listener_, 4096) != 0) die("listen");
    watch(listener_, EPOLLIN);
    watch(timer_, EPOLLIN);
  }

  void run() {
    epoll_event events[256];
    for (;;) {
      const int count = epoll_wait(epoll_, events, 256, -1);
      if (count < 0 && errno != EINTR) die("epoll_wait");
      for (int i = 0; i < count; ++i) dispatch(events[i]);
    }
  }

 private:
  void watch(int fd, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) die("epoll_ctl");
  }

  void dispatch(const epoll_event& event) {
    const int fd = event.data.fd;
    if (fd == listener_) return accept_all();
    if (fd == timer_) return answer_due();
    if ((event.events & EPOLLOUT) != 0) flush(fd);
    if ((event.events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) read_from(fd);
  }

  void accept_all() {
    for (;;) {
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      connections_[fd] = Connection{++serial_, {}, {}};
      watch(fd, EPOLLIN | EPOLLOUT | EPOLLET);
    }
  }

  void read_from(int fd) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    Connection& connection = it->second;
    char buffer[16384];
    for (;;) {
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got > 0) {
        connection.in.append(buffer, static_cast<std::size_t>(got));
        continue;
      }
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
      return close_connection(fd);  // end of stream or a hard error
    }
    while (std::size_t length = complete_request(connection.in)) {
      connection.in.erase(0, length);
      schedule({Clock::now() + delay_, fd, connection.serial});
    }
  }

  void schedule(const Due& due) {
    pending_.push_back(due);
    if (pending_.size() == 1) arm(due.when);
  }

  void arm(Clock::time_point when) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch());
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(ns.count() / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(ns.count() % 1'000'000'000);
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    // steady_clock is CLOCK_MONOTONIC on Linux, so its time points are absolute timerfd times.
    if (timerfd_settime(timer_, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) die("timerfd_settime");
  }

  void answer_due() {
    std::uint64_t expirations = 0;
    [[maybe_unused]] auto got = read(timer_, &expirations, sizeof expirations);
    const auto now = Clock::now();
    while (!pending_.empty() && pending_.front().when <= now) {
      const Due due = pending_.front();
      pending_.pop_front();
      auto it = connections_.find(due.fd);
      if (it == connections_.end() || it->second.serial != due.serial) continue;
      it->second.out += response_;
      flush(due.fd);
    }
    if (!pending_.empty()) arm(pending_.front().when);
  }

  void flush(int fd) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    std::string& out = it->second.out;
    while (!out.empty()) {
      const ssize_t sent = send(fd, out.data(), out.size(), MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno != EAGAIN && errno != EINTR) close_connection(fd);
        return;  // EPOLLOUT (edge-triggered) calls again when there is room
      }
      out.erase(0, static_cast<std::size_t>(sent));
    }
  }

  void close_connection(int fd) {
    connections_.erase(fd);
    close(fd);
  }

  std::chrono::milliseconds delay_;
  std::string response_;
  int epoll_ = -1;
  int timer_ = -1;
  int listener_ = -1;
  std::uint64_t serial_ = 0;
  std::unordered_map<int, Connection> connections_;
  std::deque<Due> pending_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: pogen-bench-slow-server PORT [DELAY_MS]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const int delay_ms = argc == 3 ? std::atoi(argv[2]) : 200;
  Server(port, std::chrono::milliseconds(delay_ms)).run();
}
