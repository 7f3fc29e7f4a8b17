#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "cache/response_cache.hpp"
#include "core/diagnostics.hpp"

namespace pogen::io {
namespace {

class CacheDir {
 public:
  CacheDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pogen-cache-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  CacheDir(const CacheDir&) = delete;
  CacheDir& operator=(const CacheDir&) = delete;
  ~CacheDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

llm::ChatResponse sample_response() {
  llm::ChatResponse r;
  r.id = "chatcmpl-1";
  r.model = "llama-3.1-8b";
  r.choices.push_back({0,
                       "Gr\xC3\xBC\xC3\x9F"
                       "e \xF0\x9F\x8C\x8D \"quoted\"\n",
                       "stop"});
  r.choices.push_back({1, std::nullopt, "length"});
  r.choices.push_back({2, std::string(), "content_filter"});
  // Log-probabilities with bytes that are half a character, a null bytes, and -9999.
  llm::Choice scored{3, std::string("caf\xC3\xA9 7"), "stop", std::nullopt};
  scored.logprobs = std::vector<llm::TokenLogprob>{
      {"caf", std::string("caf\xC3"), -0.25, {{"caf", std::string("caf\xC3"), -0.25}}},
      {"", std::string("\xA9 "), -0.125, {}},
      {"7",
       std::nullopt,
       -0.3566749439387324,
       {{"7", std::nullopt, -0.3566749439387324}, {"8", std::string("8"), -9999.0}}}};
  r.choices.push_back(std::move(scored));
  r.usage = {123, 45, 168};
  r.latency_ms = 12.375;
  r.queue_ms = 804.5;
  r.retry_ms = 1500.25;
  return r;
}

void check_same(const llm::ChatResponse& got, const llm::ChatResponse& want) {
  CHECK(got.id == want.id);
  CHECK(got.model == want.model);
  REQUIRE(got.choices.size() == want.choices.size());
  for (std::size_t i = 0; i < want.choices.size(); ++i) {
    CHECK(got.choices[i].index == want.choices[i].index);
    CHECK(got.choices[i].content == want.choices[i].content);
    CHECK(got.choices[i].finish_reason == want.choices[i].finish_reason);
    CHECK(got.choices[i].logprobs == want.choices[i].logprobs);
  }
  CHECK(got.usage.prompt_tokens == want.usage.prompt_tokens);
  CHECK(got.usage.completion_tokens == want.usage.completion_tokens);
  CHECK(got.usage.total_tokens == want.usage.total_tokens);
  CHECK(got.latency_ms == want.latency_ms);
  CHECK(got.queue_ms == want.queue_ms);
  CHECK(got.retry_ms == want.retry_ms);
}

// Runs one SQL statement on the file through a separate connection, as another process would.
std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  std::string result;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    result = text ? reinterpret_cast<const char*>(text) : "NULL";
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

}  // namespace

TEST_CASE("ResponseCache round-trips a response: null content, unicode, every field") {
  CacheDir dir;
  ResponseCache cache(dir.path("cache.sqlite"));
  CHECK(cache.count() == 0);
  CHECK_FALSE(cache.get("k1").has_value());
  cache.put("k1", "llama-3.1-8b", "generate", sample_response());
  CHECK(cache.count() == 1);
  auto got = cache.get("k1");
  REQUIRE(got.has_value());
  check_same(*got, sample_response());
  CHECK(got->choices[1].content == std::nullopt);
  CHECK(got->choices[2].content == std::string());
  CHECK_FALSE(cache.get("k2").has_value());
}

TEST_CASE("ResponseCache stores a 1 MB answer whole") {
  CacheDir dir;
  ResponseCache cache(dir.path("cache.sqlite"));
  llm::ChatResponse big = sample_response();
  std::string text;
  for (int i = 0; text.size() < 1'000'000; ++i)
    text += "line " + std::to_string(i) + " \xE2\x9C\x93\n";
  big.choices[0].content = text;
  cache.put("big", "m", "generate", big);
  auto got = cache.get("big");
  REQUIRE(got.has_value());
  CHECK(got->choices[0].content->size() == text.size());
  CHECK(got->choices[0].content == text);
}

TEST_CASE("ResponseCache put replaces the response under the same key") {
  CacheDir dir;
  ResponseCache cache(dir.path("cache.sqlite"));
  cache.put("k", "m", "judge", sample_response());
  llm::ChatResponse second = sample_response();
  second.id = "chatcmpl-2";
  cache.put("k", "m", "judge", second);
  CHECK(cache.count() == 1);
  CHECK(cache.get("k")->id == "chatcmpl-2");
}

TEST_CASE("ResponseCache keeps responses across reopening, in WAL mode, with model and role") {
  CacheDir dir;
  const std::string path = dir.path("cache.sqlite");
  {
    ResponseCache cache(path);
    cache.put("k1", "llama-3.1-8b", "generate", sample_response());
    cache.put("k2", "gemma-2-9b", "review", sample_response());
  }
  ResponseCache reopened(path);
  CHECK(reopened.count() == 2);
  REQUIRE(reopened.get("k2").has_value());
  check_same(*reopened.get("k2"), sample_response());

  CHECK(query(path, "PRAGMA journal_mode") == "wal");
  CHECK(query(path, "SELECT model || '/' || role FROM responses WHERE key = 'k2'") ==
        "gemma-2-9b/review");
  // ISO 8601 UTC with milliseconds, e.g. 2025-01-31T12:34:56.789Z
  const std::string created = query(path, "SELECT created_at FROM responses WHERE key = 'k1'");
  CHECK(created.size() == 24);
  CHECK(created[10] == 'T');
  CHECK(created.back() == 'Z');
}

TEST_CASE("ResponseCache keeps a put when the process is killed with SIGKILL right after") {
  CacheDir dir;
  const std::string path = dir.path("cache.sqlite");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      ResponseCache cache(path);
      cache.put("k", "m", "generate", sample_response());
    } catch (...) {
      ::_exit(1);
    }
    ::raise(SIGKILL);
    ::_exit(2);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  ResponseCache cache(path);
  CHECK(cache.count() == 1);
  REQUIRE(cache.get("k").has_value());
  check_same(*cache.get("k"), sample_response());
}

TEST_CASE("ResponseCache refuses a file that is not a SQLite database") {
  CacheDir dir;
  const std::string path = dir.path("cache.sqlite");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is a text file, not a database\n";
  }
  CHECK_THROWS_MATCHES(ResponseCache(path), FatalError,
                       Catch::Message("response cache " + path +
                                      " is not a usable SQLite database (file is not a database); "
                                      "move it away or choose another --out"));
}

TEST_CASE("ResponseCache names the file it cannot open") {
  CacheDir dir;
  const std::string path = dir.path("missing/cache.sqlite");
  CHECK_THROWS_MATCHES(
      ResponseCache(path), FatalError,
      Catch::Message("response cache " + path + ": cannot open: unable to open database file"));
}

// A run directory written by a pogen that stored latency_ms only (before queue_ms and retry_ms):
// resuming it with this version reads every row, and the two times it did not measure apart are 0.
TEST_CASE("ResponseCache reads a row stored before queue_ms and retry_ms were kept") {
  CacheDir dir;
  const std::string path = dir.path("cache.sqlite");
  ResponseCache cache(path);
  query(path,
        "INSERT INTO responses(key, model, role, response) VALUES('old', 'm', 'generate', "
        "'{\"id\":\"chatcmpl-0\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        "\"content\":\"hi\",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
        "\"completion_tokens\":1,\"total_tokens\":4},\"latency_ms\":811.5}')");
  auto got = cache.get("old");
  REQUIRE(got.has_value());
  CHECK(got->choices.at(0).content == "hi");
  CHECK(got->usage.total_tokens == 4);
  CHECK(got->latency_ms == 811.5);
  CHECK(got->queue_ms == 0);
  CHECK(got->retry_ms == 0);
  CHECK_FALSE(got->choices.at(0).logprobs);  // stored before logprobs were kept
}

TEST_CASE("ResponseCache reports a stored row it did not write") {
  CacheDir dir;
  const std::string path = dir.path("cache.sqlite");
  ResponseCache cache(path);
  query(path, "INSERT INTO responses(key, response) VALUES('odd', '{\"id\":\"x\"}')");
  CHECK_THROWS_MATCHES(cache.get("odd"), FatalError,
                       Catch::Message("response cache " + path +
                                      ": the stored response for key odd is unreadable: "
                                      "[json.exception.out_of_range.403] key 'model' not found"));
  CHECK(cache.count() == 1);
}

}  // namespace pogen::io
