#pragma once
// Every successful LLM response of a run, kept in a SQLite database in the run directory so that
// re-running a crashed or killed run re-sends nothing that had already been answered. Keys come
// from request_key(). Failures are never stored: a re-run asks again.
//
// Durability: WAL journal with synchronous=NORMAL. A committed put survives the process being
// killed at any moment (kill -9 included): the WAL is in the OS page cache and is replayed on the
// next open. A power loss or kernel crash may lose the last few puts but never corrupts the file;
// those requests are simply sent again. That trade keeps a put free of fsync.
// One thread only (the event loop's); other processes may read the file meanwhile.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "chat/chat.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace pogen::io {

// The cache's file name inside a run directory (docs/resume.md).
inline constexpr const char* kResponseCacheFile = "responses.sqlite";

class ResponseCache {
 public:
  // Opens or creates the database at `path` (its directory must exist). Throws FatalError naming
  // the file when it cannot be opened, is not a SQLite database, or has an unusable schema.
  explicit ResponseCache(std::string path);
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The stored response, or nullopt. Throws FatalError when SQLite fails or the stored row is
  // not a response this code wrote.
  std::optional<llm::ChatResponse> get(const std::string& key);
  // Stores (or replaces) the response under `key`; `model` and `role` are kept for people
  // inspecting the file. Committed when it returns. Throws FatalError when SQLite fails.
  void put(const std::string& key, const std::string& model, const std::string& role,
           const llm::ChatResponse& response);
  std::int64_t count();

  const std::string& path() const { return path_; }

 private:
  struct CloseDb {
    void operator()(sqlite3* db) const;
  };
  struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const;
  };
  using Db = std::unique_ptr<sqlite3, CloseDb>;
  using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

  void open();
  void configure();
  Statement prepare(const char* sql);
  std::string query_text(const char* sql);
  [[noreturn]] void fail(const std::string& what) const;
  // fail() with SQLite's own message, or the clearer one for a file that is not a database.
  [[noreturn]] void fail_sqlite(const std::string& what) const;

  std::string path_;
  Db db_;  // declared before the statements, so they are finalized first
  Statement get_;
  Statement put_;
  Statement count_;
};

}  // namespace pogen::io
