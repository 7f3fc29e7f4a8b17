#include "cache/response_cache.hpp"

#include <sqlite3.h>

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/diagnostics.hpp"

namespace pogen::io {

using nlohmann::json;

namespace {

// Another process (sqlite3 CLI, a reader of the run) may hold a read lock for a moment.
constexpr int kBusyTimeoutMs = 5'000;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS responses(key TEXT PRIMARY KEY, model TEXT, role TEXT, "
    "response TEXT NOT NULL, created_at TEXT)";
constexpr const char* kSelect = "SELECT response FROM responses WHERE key = ?1";
constexpr const char* kInsert =
    "INSERT OR REPLACE INTO responses(key, model, role, response, created_at) "
    "VALUES(?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
constexpr const char* kCount = "SELECT count(*) FROM responses";

// Bytes as an array of integers: they may be part of a UTF-8 sequence, which a JSON string
// cannot hold.
json bytes_json(const std::optional<std::string>& bytes) {
  if (!bytes) return nullptr;
  json out = json::array();
  for (char c : *bytes) out.push_back(static_cast<int>(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> bytes_from(const json& stored) {
  if (stored.is_null()) return std::nullopt;
  std::string bytes;
  for (const auto& byte : stored) bytes += static_cast<char>(byte.get<int>());
  return bytes;
}

json logprobs_json(const std::vector<llm::TokenLogprob>& tokens) {
  json out = json::array();
  for (const auto& token : tokens) {
    json top = json::array();
    for (const auto& alternative : token.top) {
      top.push_back({{"token", alternative.token},
                     {"bytes", bytes_json(alternative.bytes)},
                     {"logprob", alternative.logprob}});
    }
    out.push_back({{"token", token.token},
                   {"bytes", bytes_json(token.bytes)},
                   {"logprob", token.logprob},
                   {"top", std::move(top)}});
  }
  return out;
}

std::vector<llm::TokenLogprob> logprobs_from(const json& stored) {
  std::vector<llm::TokenLogprob> tokens;
  for (const auto& item : stored) {
    llm::TokenLogprob token;
    token.token = item.at("token").get<std::string>();
    token.bytes = bytes_from(item.at("bytes"));
    token.logprob = item.at("logprob").get<double>();
    for (const auto& alternative : item.at("top")) {
      token.top.push_back({alternative.at("token").get<std::string>(),
                           bytes_from(alternative.at("bytes")),
                           alternative.at("logprob").get<double>()});
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

json to_json(const llm::ChatResponse& response) {
  json choices = json::array();
  for (const auto& choice : response.choices) {
    json stored = {{"index", choice.index},
                   {"content", choice.content ? json(*choice.content) : json(nullptr)},
                   {"finish_reason", choice.finish_reason}};
    // Only when the server gave them: entries without logprobs read as before.
    if (choice.logprobs) stored["logprobs"] = logprobs_json(*choice.logprobs);
    choices.push_back(std::move(stored));
  }
  const llm::Usage& usage = response.usage;
  return {{"id", response.id},
          {"model", response.model},
          {"choices", std::move(choices)},
          {"usage",
           {{"prompt_tokens", usage.prompt_tokens},
            {"completion_tokens", usage.completion_tokens},
            {"total_tokens", usage.total_tokens}}},
          {"latency_ms", response.latency_ms},
          {"queue_ms", response.queue_ms},
          {"retry_ms", response.retry_ms}};
}

// A time this version measures apart but an earlier one did not store: 0 (its latency_ms then
// included queueing and retries), so that a run directory survives an upgrade.
double optional_ms(const json& stored, const char* key) {
  auto it = stored.find(key);
  return it == stored.end() ? 0 : it->get<double>();
}

// Throws nlohmann::json::exception for anything this file's to_json did not write.
llm::ChatResponse from_json(const json& stored) {
  llm::ChatResponse response;
  response.id = stored.at("id").get<std::string>();
  response.model = stored.at("model").get<std::string>();
  for (const auto& item : stored.at("choices")) {
    llm::Choice choice;
    choice.index = item.at("index").get<int>();
    const json& content = item.at("content");
    if (!content.is_null()) choice.content = content.get<std::string>();
    choice.finish_reason = item.at("finish_reason").get<std::string>();
    // Absent in entries written before pogen stored log-probabilities, or without any.
    if (auto logprobs = item.find("logprobs"); logprobs != item.end()) {
      choice.logprobs = logprobs_from(*logprobs);
    }
    response.choices.push_back(std::move(choice));
  }
  const json& usage = stored.at("usage");
  response.usage.prompt_tokens = usage.at("prompt_tokens").get<std::int64_t>();
  response.usage.completion_tokens = usage.at("completion_tokens").get<std::int64_t>();
  response.usage.total_tokens = usage.at("total_tokens").get<std::int64_t>();
  response.latency_ms = stored.at("latency_ms").get<double>();
  response.queue_ms = optional_ms(stored, "queue_ms");
  response.retry_ms = optional_ms(stored, "retry_ms");
  return response;
}

// A reused statement must be reset (and its bindings dropped) after every use, thrown or not.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ~ResetOnExit() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* statement_;
};

// SQLITE_STATIC: every bound string outlives the step that reads it.
bool bind_text(sqlite3_stmt* statement, int index, std::string_view text) {
  return sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC,
                             SQLITE_UTF8) == SQLITE_OK;
}

}  // namespace

void ResponseCache::CloseDb::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

void ResponseCache::FinalizeStatement::operator()(sqlite3_stmt* statement) const {
  sqlite3_finalize(statement);
}

ResponseCache::ResponseCache(std::string path) : path_(std::move(path)) {
  open();
  configure();
  get_ = prepare(kSelect);
  put_ = prepare(kInsert);
  count_ = prepare(kCount);
}

ResponseCache::~ResponseCache() = default;

void ResponseCache::open() {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db_.reset(raw);  // SQLite allocates a handle even when opening fails
  if (rc != SQLITE_OK) {
    fail(std::string("cannot open: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
}

void ResponseCache::configure() {
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
  // The first statement reads the file header: this is where a file that is not a database fails.
  const std::string mode = query_text("PRAGMA journal_mode=WAL");
  if (mode != "wal") {
    // Some file systems (certain network mounts) cannot share WAL memory. The rollback journal
    // is as safe against process crashes, only slower.
    spdlog::warn("response cache {}: journal mode is {} instead of wal", path_, mode);
  }
  query_text("PRAGMA synchronous=NORMAL");
  query_text(kCreateTable);
}

ResponseCache::Statement ResponseCache::prepare(const char* sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement statement(raw);
  if (rc != SQLITE_OK) fail_sqlite("cannot prepare \"" + std::string(sql) + "\"");
  return statement;
}

std::string ResponseCache::query_text(const char* sql) {
  Statement statement = prepare(sql);
  const int rc = sqlite3_step(statement.get());
  if (rc == SQLITE_DONE) return "";
  if (rc != SQLITE_ROW) fail_sqlite("cannot run \"" + std::string(sql) + "\"");
  const unsigned char* text = sqlite3_column_text(statement.get(), 0);
  return text ? reinterpret_cast<const char*>(text) : "";
}

std::optional<llm::ChatResponse> ResponseCache::get(const std::string& key) {
  sqlite3_stmt* statement = get_.get();
  ResetOnExit reset(statement);
  if (!bind_text(statement, 1, key)) fail_sqlite("cannot read");
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) fail_sqlite("cannot read");
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  const std::string_view stored(text ? text : "",
                                static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
  try {
    return from_json(json::parse(stored));
  } catch (const json::exception& error) {
    fail("the stored response for key " + key + " is unreadable: " + error.what());
  }
}

void ResponseCache::put(const std::string& key, const std::string& model, const std::string& role,
                        const llm::ChatResponse& response) {
  const std::string text = to_json(response).dump();
  sqlite3_stmt* statement = put_.get();
  ResetOnExit reset(statement);
  if (!bind_text(statement, 1, key) || !bind_text(statement, 2, model) ||
      !bind_text(statement, 3, role) || !bind_text(statement, 4, text)) {
    fail_sqlite("cannot store a response");
  }
  if (sqlite3_step(statement) != SQLITE_DONE) fail_sqlite("cannot store a response");
}

std::int64_t ResponseCache::count() {
  sqlite3_stmt* statement = count_.get();
  ResetOnExit reset(statement);
  if (sqlite3_step(statement) != SQLITE_ROW) fail_sqlite("cannot count responses");
  return sqlite3_column_int64(statement, 0);
}

void ResponseCache::fail(const std::string& what) const {
  throw FatalError("response cache " + path_ + ": " + what);
}

void ResponseCache::fail_sqlite(const std::string& what) const {
  const int code = sqlite3_errcode(db_.get());
  const std::string message = sqlite3_errmsg(db_.get());
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    throw FatalError("response cache " + path_ + " is not a usable SQLite database (" + message +
                     "); move it away or choose another --out");
  }
  fail(what + ": " + message);
}

}  // namespace pogen::io
