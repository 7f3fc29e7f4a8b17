// One HTTP exchange on the loop: the options of a transfer, the callbacks that fill its
// HttpResponse, and the hand-over from curl's completion messages to the waiting coroutine.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/interrupted.hpp"
#include "http/curl_multi.hpp"

namespace pogen::http {

namespace {

static_assert(CURL_ERROR_SIZE == 256, "FetchAwaitable::error_ is CURL_ERROR_SIZE bytes");

// A body larger than this is not reserved up front from Content-Length; it still arrives whole.
constexpr std::size_t kMaxReserve = 16 * 1024 * 1024;

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

void reserve_from_length(HttpResponse& response, std::string_view value) {
  std::size_t length = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (error == std::errc() && end == value.data() + value.size()) {
    response.body.reserve(std::min(length, kMaxReserve));
  }
}

bool over_tls(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  return url.size() >= kScheme.size() &&
         std::equal(kScheme.begin(), kScheme.end(), url.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

long whole_seconds_at_least_one(std::chrono::milliseconds ms) {
  return std::max<long>(1, static_cast<long>((ms.count() + 999) / 1000));
}

}  // namespace

TransportError classify_curl_error(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportError::none;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return TransportError::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::timeout;
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportError::reset;
    default:
      return TransportError::other;
  }
}

void* EventLoop::take_easy() {
  if (!curl_->idle.empty()) {
    CURL* easy = curl_->idle.back();
    curl_->idle.pop_back();
    return easy;
  }
  CURL* easy = curl_easy_init();
  if (easy == nullptr) throw std::runtime_error("curl_easy_init failed");
  return easy;
}

void EventLoop::return_easy(void* easy) {
  // Reset now, not at reuse: the handle must not keep pointers into a frame that is going away.
  curl_easy_reset(easy);
  curl_->idle.push_back(static_cast<CURL*>(easy));
}

void EventLoop::add_transfer(FetchAwaitable& transfer) {
  in_flight_.push_back(transfer);
  ++in_flight_count_;
}

void EventLoop::remove_transfer(FetchAwaitable& transfer) {
  static_cast<detail::ListHook&>(transfer).unlink();
  --in_flight_count_;
  curl_multi_remove_handle(curl_->multi, transfer.easy_);
  return_easy(std::exchange(transfer.easy_, nullptr));
}

// The transfers have run in wait_for_events (curl_multi_socket_action); only their completion
// messages are left to read.
void EventLoop::read_completions() {
  if (in_flight_count_ == 0) return;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(curl_->multi, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    char* owner = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &owner);
    // Read the result first: removing the handle invalidates the message.
    CURLcode result = message->data.result;
    reinterpret_cast<FetchAwaitable*>(owner)->finish(result);
  }
}

FetchAwaitable::FetchAwaitable(EventLoop& loop, HttpRequest request)
    : loop_(loop), request_(std::move(request)) {}

FetchAwaitable::~FetchAwaitable() {
  if (state_ == State::in_flight) loop_.remove_transfer(*this);
}

bool FetchAwaitable::await_ready() const noexcept { return loop_.stop_requested(); }

bool FetchAwaitable::await_suspend(std::coroutine_handle<> awaiter) {
  handle = awaiter;
  return start();
}

HttpResponse FetchAwaitable::await_resume() {
  if (state_ == State::interrupted || state_ == State::idle) throw Interrupted();
  return std::move(response_);
}

// False when the transfer could not even be added (the awaiter goes on at once, with the error).
bool FetchAwaitable::start() {
  easy_ = loop_.take_easy();
  configure(easy_);
  CURLMcode added = curl_multi_add_handle(loop_.curl_->multi, easy_);
  if (added != CURLM_OK) {
    loop_.return_easy(std::exchange(easy_, nullptr));
    response_.transport = TransportError::other;
    response_.transport_message =
        std::string("curl_multi_add_handle: ") + curl_multi_strerror(added);
    state_ = State::done;
    return false;
  }
  state_ = State::in_flight;
  loop_.add_transfer(*this);
  return true;
}

void FetchAwaitable::finish(int curl_code) {
  auto code = static_cast<CURLcode>(curl_code);
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &response_.status);
  curl_off_t total_us = 0;
  curl_easy_getinfo(easy_, CURLINFO_TOTAL_TIME_T, &total_us);
  response_.elapsed = std::chrono::microseconds(total_us);
  if (code == CURLE_ABORTED_BY_CALLBACK && stalled_) {
    response_.transport = TransportError::timeout;
    response_.transport_message =
        "no data received for " + std::to_string(request_.timeouts.low_speed.count()) + " ms";
  } else if (code != CURLE_OK) {
    response_.transport = classify_curl_error(code);
    response_.transport_message = error_[0] != '\0' ? error_.data() : curl_easy_strerror(code);
  }
  loop_.remove_transfer(*this);
  state_ = State::done;
  loop_.schedule(*this);
}

void FetchAwaitable::abandon() {
  loop_.remove_transfer(*this);
  state_ = State::interrupted;
  loop_.schedule(*this);
}

std::size_t FetchAwaitable::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& fetch = *static_cast<FetchAwaitable*>(self);
  fetch.last_activity_ = std::chrono::steady_clock::now();
  fetch.response_.body.append(data, size * count);
  return size * count;
}

int FetchAwaitable::on_progress(void* self, std::int64_t, std::int64_t, std::int64_t,
                                std::int64_t sent) {
  auto& fetch = *static_cast<FetchAwaitable*>(self);
  auto now = std::chrono::steady_clock::now();
  if (sent != fetch.bytes_sent_) {
    fetch.bytes_sent_ = sent;
    fetch.last_activity_ = now;
    return 0;
  }
  if (now - fetch.last_activity_ < fetch.request_.timeouts.low_speed) return 0;
  fetch.stalled_ = true;
  return 1;  // abort the transfer
}

std::size_t FetchAwaitable::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto& fetch = *static_cast<FetchAwaitable*>(self);
  fetch.last_activity_ = std::chrono::steady_clock::now();
  HttpResponse& response = fetch.response_;
  std::string_view line(data, size * count);
  // A new status line starts a new response (after a 100 Continue or a redirect): only the
  // headers of the last one count.
  if (line.starts_with("HTTP/")) {
    response.headers.clear();
    return line.size();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  std::string name(trim(line.substr(0, colon)));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = trim(line.substr(colon + 1));
  if (name == "content-length") reserve_from_length(response, value);
  response.headers.emplace_back(std::move(name), std::string(value));
  return line.size();
}

void FetchAwaitable::configure(void* easy) {
  const Timeouts& timeouts = request_.timeouts;
  curl_easy_setopt(easy, CURLOPT_URL, request_.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_.data());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  loop_.curl_->adopt(static_cast<CURL*>(easy));
  curl_easy_setopt(easy, CURLOPT_NOPROXY, loop_.no_proxy_.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // Wait for a connection that can multiplex rather than open one per stream (HTTP/2). Only
  // over TLS, where ALPN tells at the handshake whether the connection multiplexes: a cleartext
  // connection speaks HTTP/1.1 here, but curl learns it only from the first response, so every
  // transfer started meanwhile would wait a whole answer (seconds with an LLM) before it could
  // open a connection of its own.
  if (over_tls(request_.url)) curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, whole_seconds_at_least_one(timeouts.low_speed));
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &FetchAwaitable::on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &FetchAwaitable::on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
  static_assert(std::is_same_v<curl_off_t, std::int64_t>);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &FetchAwaitable::on_progress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, this);
  last_activity_ = std::chrono::steady_clock::now();

  // The header list points into request_.headers (curl only reads it), so building it costs one
  // allocation instead of one copy per header.
  header_nodes_.clear();
  header_nodes_.reserve(request_.headers.size() + 1);
  for (std::string& header : request_.headers) header_nodes_.push_back({header.data(), nullptr});
  if (request_.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else {
    if (request_.method != "POST") {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request_.method.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request_.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request_.body.size()));
    // Without it curl sends "Expect: 100-continue" for larger bodies and waits for an answer
    // that some servers never give.
    static char no_expect[] = "Expect:";
    header_nodes_.push_back({no_expect, nullptr});
  }
  for (std::size_t i = 1; i < header_nodes_.size(); ++i) {
    header_nodes_[i - 1].next = &header_nodes_[i];
  }
  if (!header_nodes_.empty()) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_nodes_.data());
}

}  // namespace pogen::http
