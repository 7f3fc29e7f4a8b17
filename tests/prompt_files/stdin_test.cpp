// stdin is exercised for real: a pipe replaces fd 0 of this test process (dup2), fed by a
// writer thread so that inputs larger than the pipe buffer work too, and the original stdin is
// put back afterwards. No fork is needed because the reader uses fd 0 directly.
#include <unistd.h>

#include <thread>

#include <catch2/catch.hpp>

#include "prompt_files/spool.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

namespace {

// A pipe whose read end is `target_fd` while the object lives, fed with `content`.
class FedPipe {
 public:
  FedPipe(std::string content, int target_fd) : target_fd_(target_fd) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    saved_ = ::dup(target_fd_);
    REQUIRE(saved_ >= 0);
    REQUIRE(::dup2(fds[0], target_fd_) == target_fd_);
    ::close(fds[0]);
    writer_ = std::thread([fd = fds[1], content = std::move(content)] {
      std::size_t done = 0;
      while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      ::close(fd);
    });
  }
  FedPipe(const FedPipe&) = delete;
  FedPipe& operator=(const FedPipe&) = delete;
  ~FedPipe() {
    ::dup2(saved_, target_fd_);  // closes the read end, so a blocked writer fails and ends
    ::close(saved_);
    writer_.join();
  }

 private:
  int target_fd_;
  int saved_ = -1;
  std::thread writer_;
};

std::string numbered_prompts(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += "{\"id\": " + std::to_string(i) + ", \"prompt\": \"Prompt " + std::to_string(i) + " " +
           std::string(100, 'x') + "\"}\n";
  }
  return out;
}

}  // namespace

TEST_CASE("stdin: \"-\" is read once, as it comes, and named <stdin>", "[prompts][stdin]") {
  FedPipe in("\n{\"prompt\": \"From a pipe\"}\n", STDIN_FILENO);
  PromptReader reader("-", {});
  CHECK(reader.source() == "<stdin>");
  CHECK(reader.format() == PromptFormatOptions::Format::jsonl);
  const auto entries = read_all(reader);
  REQUIRE(entries.size() == 1);
  CHECK(item(entries[0]).source == "<stdin>");
  CHECK(item(entries[0]).line == 2);
  CHECK(item(entries[0]).messages == std::vector{user_turn("From a pipe")});
}

TEST_CASE("stdin: open_prompts checks it in full, then reads it again", "[prompts][stdin]") {
  FedPipe in(numbered_prompts(3000), STDIN_FILENO);  // about 350 KB, more than a pipe holds
  auto opened = open_prompts("-", {}, false);
  CHECK(opened.check.items == 3000);
  const auto entries = read_all(opened.reader);
  REQUIRE(entries.size() == 3000);
  CHECK(item(entries[2999]).id == "2999");
  CHECK(item(entries[2999]).line == 3000);
}

TEST_CASE("stdin: problems are reported against <stdin>", "[prompts][stdin]") {
  FedPipe in("{\"prompt\": \"a\"}\n{\"prompt\": \"a\"}\n", STDIN_FILENO);
  CHECK_THROWS_WITH(open_prompts("-", {}, false),
                    "<stdin>:2: duplicate prompt (same content as line 1)");
}

TEST_CASE("a spool is read by several readers independently", "[prompts][stdin]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string content = "Text one\nText two\n";
  REQUIRE(::write(fds[1], content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::close(fds[1]);
  auto spool = std::make_shared<const PromptSpool>(fds[0], "<pipe>");
  ::close(fds[0]);
  CHECK(spool->size() == content.size());
  PromptReader first(spool, {});
  PromptReader second(spool, {});
  CHECK(first.format() == PromptFormatOptions::Format::text);
  CHECK(item(*first.next()).messages == std::vector{user_turn("Text one")});
  CHECK(item(*second.next()).messages == std::vector{user_turn("Text one")});
  CHECK(item(*second.next()).messages == std::vector{user_turn("Text two")});
  CHECK(item(*first.next()).source == "<pipe>");
  CHECK_FALSE(first.next());
  CHECK_FALSE(second.next());
}
