// The multi handle and its epoll set: curl names the sockets to watch, epoll says which are
// ready, curl_multi_socket_action runs the transfers of those sockets only.
#include "http/curl_multi.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>

namespace pogen::http {

namespace {

// Ready sockets taken per wait. Few on purpose: the coroutines whose transfers finished run
// before the next wait, and the requests they start are sent at its start, so new requests go
// out while later answers are still being read. A wave of answers read all at once would hold
// back every new request until the last answer had been parsed, and a server's latency would
// grow by the client's whole per-wave CPU time.
constexpr int kMaxEvents = 16;

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK)
    throw std::runtime_error(std::string(what) + ": " + curl_multi_strerror(code));
}

}  // namespace

EventLoop::Curl::Curl() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
  epoll = epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  multi = curl_multi_init();
  if (multi == nullptr) {
    close(epoll);
    throw std::runtime_error("curl_multi_init failed");
  }
  // HTTP/2 streams share a connection per host; HTTP/1.1 keeps one connection per transfer
  // alive in the cache. No per-host connection limit: the gates above decide the concurrency.
  // The cache keeps curl's default size, four connections per transfer in flight: a fixed size
  // below the concurrency would close a connection at every completion and open a new one.
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Curl::on_socket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
}

EventLoop::Curl::~Curl() {
  for (CURL* easy : idle) curl_easy_cleanup(easy);
  // Cleanup may still report sockets to forget, so the epoll set outlives the multi handle.
  curl_multi_cleanup(multi);
  close(epoll);
}

void EventLoop::Curl::watch_own(int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
    throw std::system_error(errno, std::generic_category(), "epoll_ctl");
  }
}

void EventLoop::Curl::adopt(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Curl::open_socket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &Curl::close_socket);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
}

int EventLoop::Curl::on_socket(CURL*, curl_socket_t socket, int what, void* self, void*) {
  static_cast<Curl*>(self)->watch(socket, what);
  return 0;
}

// What curl does without the callback, plus a fresh registration for the number.
curl_socket_t EventLoop::Curl::open_socket(void* self, curlsocktype, curl_sockaddr* address) {
  const curl_socket_t socket = ::socket(address->family, address->socktype, address->protocol);
  if (socket != CURL_SOCKET_BAD) {
    Registration& registration = static_cast<Curl*>(self)->registration(socket);
    registration = Registration{};
    registration.opened_here = true;
  }
  return socket;
}

// Closing takes the socket out of the epoll set; its number may come back for another socket.
int EventLoop::Curl::close_socket(void* self, curl_socket_t socket) {
  static_cast<Curl*>(self)->registration(socket) = Registration{};
  return close(socket);
}

EventLoop::Curl::Registration& EventLoop::Curl::registration(curl_socket_t socket) {
  const auto index = static_cast<std::size_t>(socket);
  if (index >= sockets_.size()) sockets_.resize(index + 1);
  return sockets_[index];
}

void EventLoop::Curl::watch(curl_socket_t socket, int what) {
  Registration& registered = registration(socket);
  if (what == CURL_POLL_REMOVE) {
    registered.wanted = false;
    // A socket curl did not open here (the resolver's socket pair) may be closed without a word:
    // it leaves the set now.
    if (!registered.opened_here) unregister(socket);
    return;
  }
  registered.wanted = true;
  const std::uint32_t events =
      ((what & CURL_POLL_IN) != 0 ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) != 0 ? EPOLLOUT : 0u);
  if (registered.events == events) return;
  epoll_event event{};
  event.events = events;
  event.data.fd = socket;
  const int op = registered.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(epoll, op, socket, &event) != 0) {
    // Not what the registration said (a socket closed behind curl's back): the other way.
    epoll_ctl(epoll, op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event);
  }
  registered.events = events;
}

void EventLoop::Curl::unregister(curl_socket_t socket) {
  Registration& registered = registration(socket);
  if (registered.events == 0) return;
  // Fails harmlessly when the socket is closed already (closing leaves the set).
  epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nullptr);
  registered.events = 0;
}

void EventLoop::Curl::act(curl_socket_t socket, int select_bits) {
  int running = 0;
  check(curl_multi_socket_action(multi, socket, select_bits, &running), "curl_multi_socket_action");
}

EventLoop::Curl::Waited EventLoop::Curl::wait_and_run(int limit_ms, int own) {
  long curl_ms = -1;
  check(curl_multi_timeout(multi, &curl_ms), "curl_multi_timeout");
  const int timeout = curl_ms < 0 ? limit_ms : static_cast<int>(std::min<long>(curl_ms, limit_ms));
  epoll_event events[kMaxEvents];
  int count = epoll_wait(epoll, events, kMaxEvents, timeout);
  if (count < 0) {
    // A signal (a stop request) ends the wait early; its handler has woken the loop anyway.
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "epoll_wait");
    count = 0;
  }
  Waited waited;
  waited.ran_out = count == 0 && timeout == limit_ms;
  for (int i = 0; i < count; ++i) {
    const int fd = events[i].data.fd;
    if (fd == own) {
      waited.own_ready = true;
      continue;
    }
    if (!registration(fd).wanted) {
      unregister(fd);  // an idle connection in curl's cache was closed or spoke out of turn
      continue;
    }
    const std::uint32_t ready = events[i].events;
    int bits = 0;
    if ((ready & EPOLLIN) != 0) bits |= CURL_CSELECT_IN;
    if ((ready & EPOLLOUT) != 0) bits |= CURL_CSELECT_OUT;
    if ((ready & (EPOLLERR | EPOLLHUP)) != 0) bits |= CURL_CSELECT_ERR;
    act(fd, bits);
  }
  run_due_timers();
  return waited;
}

// curl's own timers: transfers to start, timeouts, connection attempts to go on.
void EventLoop::Curl::run_due_timers() {
  long curl_ms = -1;
  check(curl_multi_timeout(multi, &curl_ms), "curl_multi_timeout");
  if (curl_ms == 0) act(CURL_SOCKET_TIMEOUT, 0);
}

}  // namespace pogen::http
