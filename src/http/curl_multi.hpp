#pragma once
// The curl side of the event loop, private to the http module: the multi handle and the pool of
// idle easy handles. A transfer borrows an easy handle and gives it back reset, so connections
// stay in the multi handle's cache and handles are not created per request.

#include <curl/curl.h>

#include <vector>

#include "pogen/http/event_loop.hpp"

namespace pogen::http {

struct EventLoop::Curl {
  CURLM* multi = nullptr;
  std::vector<CURL*> idle;

  Curl();
  ~Curl();
  Curl(const Curl&) = delete;
  Curl& operator=(const Curl&) = delete;
};

TransportError classify_curl_error(CURLcode code);

}  // namespace pogen::http
