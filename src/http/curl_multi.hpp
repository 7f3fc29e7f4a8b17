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

#include <vector>

#include "pogen/http/event_loop.hpp"

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
  // Waits at most limit_ms (shortened to curl's next timeout) for sockets or the loop's own
  // descriptor, runs curl on what is ready, and returns whether `own` became readable.
  bool wait_and_run(int limit_ms, int own);

 private:
  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* assigned);
  void watch(curl_socket_t socket, int what, bool known);
  void act(curl_socket_t socket, int select_bits);
  void run_due_timers();
};

TransportError classify_curl_error(CURLcode code);

}  // namespace pogen::http
