#pragma once
// The curl side of the event loop, private to the http module: the multi handle, the pool of
// idle easy handles, and the epoll set that watches curl's sockets. A transfer borrows an easy
// handle and gives it back reset, so connections stay in the multi handle's cache and handles
// are not created per request.
//
// Sockets are driven with curl_multi_socket_action: curl says which sockets it wants watched
// (CURLMOPT_SOCKETFUNCTION) and is told which ones are ready, so an iteration costs what the
// ready sockets cost. curl_multi_poll and curl_multi_perform instead walk every transfer in
// flight on each call (a poll over all their sockets, then one more poll per transfer), which
// at hundreds of transfers in flight was most of the client's CPU.

#include <curl/curl.h>

#include <cstdint>
#include <vector>

#include "http/event_loop.hpp"

namespace pogen::http {

struct EventLoop::Curl {
  CURLM* multi = nullptr;
  std::vector<CURL*> idle;
  int epoll = -1;

  Curl();
  ~Curl();
  Curl(const Curl&) = delete;
  Curl& operator=(const Curl&) = delete;

  // Adds a descriptor of the loop's own (the wake pipe) to the epoll set, for reading.
  void watch_own(int fd);
  // Makes the easy handle open and close its connections' sockets through this object, which
  // keeps the epoll set right when a socket number is reused.
  void adopt(CURL* easy);
  // What one wait saw.
  struct Waited {
    bool own_ready = false;  // the loop's own descriptor became readable
    bool ran_out = false;    // nothing was ready and curl's timeout did not shorten the wait
  };
  // Waits at most limit_ms (shortened to curl's next timeout) for sockets or the loop's own
  // descriptor, then runs curl on what is ready and on its timers that came due. It does not
  // call into curl before the wait: a call can finish a transfer (an instant answer read in the
  // same call that sent the request), which the loop must read before it waits, so the loop runs
  // the due timers and reads completions itself first (EventLoop::wait_for_events).
  Waited wait_and_run(int limit_ms, int own);
  // Runs curl's timers that are due (they start new transfers, and may finish them).
  void run_due_timers();

 private:
  // The epoll registration of a socket, by descriptor. A connection that goes back to curl's
  // cache stays in the set with the events it had: it is quiet there, and the next transfer on
  // it wants the same events, so reusing a connection costs no epoll_ctl (it cost two, one
  // to add the socket and one to remove it, per request). If the server closes it meanwhile,
  // the event removes it; curl finds the connection dead when it next looks at it.
  struct Registration {
    std::uint32_t events = 0;  // as registered in the set; 0 when not in it
    bool opened_here = false;  // by open_socket: its close goes through close_socket
    bool wanted = false;       // curl watches it (until CURL_POLL_REMOVE)
  };

  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* assigned);
  static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int close_socket(void* self, curl_socket_t socket);
  Registration& registration(curl_socket_t socket);
  void watch(curl_socket_t socket, int what);
  void unregister(curl_socket_t socket);
  void act(curl_socket_t socket, int select_bits);

  std::vector<Registration> sockets_;
};

TransportError classify_curl_error(CURLcode code);

}  // namespace pogen::http
