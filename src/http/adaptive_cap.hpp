#pragma once
// The in-flight cap of one endpoint, adapted to what the server says: an overloaded answer
// (429, 503) halves it, each success grows it back by one, up to the configured cap. The
// multiplicative decrease backs off fast from a server that is drowning; the additive increase
// finds the server's real capacity again without flooding it.

namespace pogen::http {

class AdaptiveCap {
 public:
  explicit AdaptiveCap(int configured);

  int configured() const { return configured_; }
  int limit() const { return limit_; }

  void on_overloaded();
  void on_success();

 private:
  int configured_;
  int limit_;
};

}  // namespace pogen::http
