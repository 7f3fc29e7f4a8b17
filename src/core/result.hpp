#pragma once
// A value or the reason there is none: the one result type of pogen (std::expected is C++23).
// Each layer names its own reason type and an alias, so that a signature says which failures it
// can carry: llm::Outcome<T> = Result<T, llm::Failure> (a call that got no usable answer),
// pipeline::ParseResult<T> = Result<T, pipeline::ParseFailure> (a reply a parser cannot read).

#include <utility>
#include <variant>

namespace pogen {

template <typename T, typename Reason>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Reason reason) : state_(std::move(reason)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Reason& failure() const { return std::get<Reason>(state_); }

 private:
  std::variant<T, Reason> state_;
};

}  // namespace pogen
