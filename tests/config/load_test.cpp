#include <cstdio>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/reader.hpp"
#include "config_test_support.hpp"

using namespace std::chrono_literals;
using pogen::io::Config;
using pogen::io::load_config;
using pogen::io::parse_config;
using pogen::io::testing::Lines;
using pogen::io::testing::problems_in;

namespace {

// A file in a fresh temporary directory, removed with it.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content) {
    char pattern[] = "/tmp/pogen-config-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    path_ = dir_ + "/" + name;
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    std::remove(path_.c_str());
    std::remove(dir_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

const char* const kFullConfig = R"(endpoints:
  - name: llama
    base_url: http://127.0.0.1:8000/v1/
    model: meta-llama/Llama-3.1-8B-Instruct
    api_key_env: OPENAI_API_KEY
    max_tokens_field: max_completion_tokens
    supports_n: false
    limits: {max_in_flight: 16, requests_per_minute: 600, tokens_per_minute: 200000}
    timeouts: {connect: 2.5, total: 30, low_speed: 0.25}
    retry: {base: 0.5, cap: 8, max_retries: 3}
    extra_body: {top_k: 20}
    headers: {X-Team: research}
  - name: replicas
    base_urls: [http://10.0.0.1:8000/v1, "https://10.0.0.2/v1"]
    model: gemma
  - name: dry
    base_url: fake
    model: fake-model
    fake: {latency_ms: 5, rate_429: 0.1, rate_500: 0.2, rate_drop: 0.05, seed: 7}
client:
  max_in_flight: 64
)";

}  // namespace

TEST_CASE("a full config maps onto endpoint settings", "[config]") {
  const Config config = parse_config(kFullConfig, "full.yaml");
  REQUIRE(config.path == "full.yaml");
  REQUIRE(config.endpoints.size() == 3);
  REQUIRE(config.client.global_max_in_flight == 64);

  const auto& llama = config.endpoints[0];
  CHECK(llama.name == "llama");
  CHECK(llama.base_urls == std::vector<std::string>{"http://127.0.0.1:8000/v1"});
  CHECK(llama.model == "meta-llama/Llama-3.1-8B-Instruct");
  CHECK(llama.api_key_env == "OPENAI_API_KEY");
  CHECK(llama.use_max_completion_tokens);
  CHECK_FALSE(llama.supports_n);
  CHECK(llama.limits.max_in_flight == 16);
  CHECK(llama.limits.requests_per_minute == 600.0);
  CHECK(llama.limits.tokens_per_minute == 200000.0);
  CHECK(llama.timeouts.connect == 2500ms);
  CHECK(llama.timeouts.total == 30s);
  CHECK(llama.timeouts.low_speed == 250ms);
  CHECK(llama.retry.base == 500ms);
  CHECK(llama.retry.cap == 8s);
  CHECK(llama.retry.max_retries == 3);
  CHECK(llama.extra_body == nlohmann::json{{"top_k", 20}});
  CHECK(llama.headers == std::map<std::string, std::string>{{"X-Team", "research"}});
  CHECK_FALSE(llama.is_fake());

  const auto& replicas = config.endpoints[1];
  CHECK(replicas.base_urls ==
        std::vector<std::string>{"http://10.0.0.1:8000/v1", "https://10.0.0.2/v1"});
  CHECK(replicas.limits.max_in_flight == 32);
  CHECK_FALSE(replicas.limits.requests_per_minute.has_value());
  CHECK(replicas.timeouts.total == 600s);
  CHECK(replicas.retry.max_retries == 8);
  CHECK_FALSE(replicas.use_max_completion_tokens);
  CHECK(replicas.supports_n);
  CHECK(replicas.extra_body == nlohmann::json::object());

  const auto& dry = config.endpoints[2];
  CHECK(dry.is_fake());
  CHECK(dry.fake.latency == 5ms);
  CHECK(dry.fake.rate_429 == 0.1);
  CHECK(dry.fake.rate_500 == 0.2);
  CHECK(dry.fake.rate_drop == 0.05);
  CHECK(dry.fake.seed == 7);
}

TEST_CASE("client settings default when the section is absent", "[config]") {
  const Config config = parse_config("endpoints: [{name: a, base_url: fake, model: m}]", "c.yaml");
  CHECK(config.client.global_max_in_flight == 256);
}

TEST_CASE("a JSON config is accepted", "[config]") {
  const std::string json = R"({
  "endpoints": [
    {"name": "gpt", "base_url": "https://api.openai.com/v1", "model": "gpt-4o",
     "api_key_env": "OPENAI_API_KEY", "limits": {"max_in_flight": 8},
     "extra_body": {"seed": 3, "user": "123"}}
  ],
  "client": {"max_in_flight": 10}
})";
  TempFile file("config.json", json);
  const Config config = load_config(file.path());
  REQUIRE(config.endpoints.size() == 1);
  CHECK(config.endpoints[0].model == "gpt-4o");
  CHECK(config.endpoints[0].limits.max_in_flight == 8);
  // JSON strings are quoted scalars: "123" stays a string, 3 an integer.
  CHECK(config.endpoints[0].extra_body.dump() == R"({"seed":3,"user":"123"})");
  CHECK(config.client.global_max_in_flight == 10);
}

TEST_CASE("a JSON config reports problems with their lines", "[config]") {
  const std::string json =
      "{\n  \"endpoints\": [\n    {\"name\": \"gpt\", \"base_url\": \"fake\",\n"
      "     \"model\": \"m\", \"limits\": {\"max_in_flight\": \"8\"}}\n  ]\n}\n";
  CHECK(problems_in(json, "c.json") ==
        Lines{"c.json:4: endpoints[0].limits.max_in_flight: expected an integer, got a quoted "
              "string \"8\""});
}

TEST_CASE("the config hash is the SHA-256 of the file's bytes", "[config]") {
  TempFile file("c.yaml", "endpoints: [{name: a, base_url: fake, model: m}]\n");
  const Config config = load_config(file.path());
  // printf 'endpoints: [{name: a, base_url: fake, model: m}]\n' | sha256sum
  CHECK(config.sha256 == "09df58b1882debea9f160a05d1db72083032f6accad9b320c08d591b1663eace");
}

TEST_CASE("an unreadable file is one problem naming the path", "[config]") {
  try {
    load_config("/nonexistent/pogen.yaml");
    FAIL("load_config accepted a missing file");
  } catch (const pogen::InputError& e) {
    CHECK(std::string(e.what()) ==
          "/nonexistent/pogen.yaml: cannot read: No such file or directory");
  }
}

TEST_CASE("replace_with_fake keeps names and models and drops keys", "[config]") {
  Config config = parse_config(kFullConfig, "full.yaml");
  pogen::io::replace_with_fake(config);
  for (const auto& endpoint : config.endpoints) {
    CHECK(endpoint.is_fake());
    CHECK(endpoint.api_key_env.empty());
  }
  CHECK(config.endpoints[0].name == "llama");
  CHECK(config.endpoints[0].model == "meta-llama/Llama-3.1-8B-Instruct");
  CHECK(config.endpoints[1].name == "replicas");
}

TEST_CASE("find_endpoint looks endpoints up by name", "[config]") {
  const Config config = parse_config(kFullConfig, "full.yaml");
  REQUIRE(pogen::io::find_endpoint(config, "replicas") == &config.endpoints[1]);
  CHECK(pogen::io::find_endpoint(config, "Replicas") == nullptr);
}

TEST_CASE("later stages add their sections to the same file", "[config]") {
  using pogen::io::MapReader;
  Config config;
  std::int64_t workers = 0;
  const std::string text =
      "endpoints: [{name: a, base_url: fake, model: m}]\nstage:\n  workers: 3\nstgae: 1\n";
  const pogen::io::ExtraSection stage = [&](MapReader& root) {
    root.with_map("stage", [&](MapReader& section) {
      workers = section.integer("workers", pogen::io::Range::at_least(1)).value_or(0);
    });
  };
  try {
    pogen::io::parse_config_into(text, "s.yaml", config, {stage});
    FAIL("the misspelt section was accepted");
  } catch (const pogen::InputError& e) {
    CHECK(std::string(e.what()) == "s.yaml:4: unknown key \"stgae\" (did you mean \"stage\"?)");
  }
  CHECK(workers == 3);
  CHECK(config.endpoints.size() == 1);
}
