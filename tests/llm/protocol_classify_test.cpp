#include <catch2/catch.hpp>

#include "llm/protocol.hpp"

using namespace pogen::llm;
using pogen::http::HttpResponse;
using pogen::http::TransportError;

namespace {

Classification classify(long status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return classify_failure(response);
}

Classification classify_transport(TransportError error, std::string message) {
  HttpResponse response;
  response.transport = error;
  response.transport_message = std::move(message);
  return classify_failure(response);
}

std::string openai_error(const std::string& message, const std::string& type,
                         const std::string& code) {
  return nlohmann::json{
      {"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}}
      .dump();
}

}  // namespace

TEST_CASE("transport failures are retried", "[protocol]") {
  Classification c = classify_transport(TransportError::timeout, "Operation timed out after 10 ms");
  CHECK(c.kind == FailureKind::timeout);
  CHECK(c.retryable);
  CHECK(c.message == "timed out: Operation timed out after 10 ms");

  c = classify_transport(TransportError::connect, "Connection refused");
  CHECK(c.kind == FailureKind::connection);
  CHECK(c.retryable);
  CHECK(c.message == "could not connect: Connection refused");

  c = classify_transport(TransportError::reset, "");
  CHECK(c.kind == FailureKind::connection);
  CHECK(c.retryable);
  CHECK(c.message == "connection dropped");

  c = classify_transport(TransportError::other, "weird");
  CHECK(c.kind == FailureKind::connection);
  CHECK(c.retryable);
  CHECK(c.message == "transport error: weird");
}

TEST_CASE("every status maps to its kind and retry policy", "[protocol]") {
  struct Row {
    long status;
    FailureKind kind;
    bool retryable;
  };
  const Row rows[] = {
      {408, FailureKind::timeout, true},
      {409, FailureKind::invalid_request, true},
      {429, FailureKind::rate_limited, true},
      {500, FailureKind::server_error, true},
      {502, FailureKind::server_error, true},
      {504, FailureKind::server_error, true},
      {503, FailureKind::overloaded, true},
      {529, FailureKind::overloaded, true},
      {400, FailureKind::invalid_request, false},
      {401, FailureKind::auth, false},
      {403, FailureKind::auth, false},
      {404, FailureKind::not_found, false},
      {422, FailureKind::invalid_request, false},
      {413, FailureKind::invalid_request, false},
      {507, FailureKind::server_error, true},
      {302, FailureKind::server_error, false},
  };
  for (const Row& row : rows) {
    INFO("status " << row.status);
    const Classification c = classify(row.status, "{\"error\":{\"message\":\"m\"}}");
    CHECK(c.kind == row.kind);
    CHECK(c.retryable == row.retryable);
    CHECK(c.message == "m");
  }
}

TEST_CASE("the server's message is read from every error shape", "[protocol]") {
  // OpenAI, llama.cpp, Ollama /v1, vLLM >= 0.10
  CHECK(classify(400, openai_error("Invalid 'messages'.", "invalid_request_error", "x")).message ==
        "Invalid 'messages'.");
  CHECK(classify(404,
                 R"({"error":{"code":404,"message":"Model not found","type":"not_found_error"}})")
            .message == "Model not found");
  // Anthropic-style overload
  CHECK(classify(529,
                 R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
            .message == "Overloaded");
  // vLLM before 0.10, SGLang
  CHECK(
      classify(
          400,
          R"({"object":"error","message":"bad n","type":"BadRequestError","param":null,"code":400})")
          .message == "bad n");
  // Ollama native, TGI
  CHECK(classify(404, R"({"error":"model \"llama9\" not found, try pulling it first"})").message ==
        "model \"llama9\" not found, try pulling it first");
  // FastAPI
  CHECK(classify(404, R"({"detail":"Not Found"})").message == "Not Found");
  CHECK(classify(422,
                 R"({"detail":[{"loc":["body","messages"],"msg":"field required","type":"missing"},
                                    {"loc":["body","n"],"msg":"value is not a valid integer"}]})")
            .message == "field required; value is not a valid integer");
  // Plain text, whitespace collapsed
  CHECK(classify(502, "  upstream\n\n connect   error ").message == "upstream connect error");
  CHECK(classify(503, "").message == "(empty body)");
  // JSON without a known error field falls back to the excerpt
  CHECK(classify(500, R"({"oops": 1})").message == R"({"oops": 1})");
}

TEST_CASE("an HTML error page becomes its title", "[protocol]") {
  const Classification c = classify(
      502,
      "<html>\r\n<head><TITLE>502 Bad\n   Gateway</TITLE></head>\r\n<body><center><h1>502 Bad "
      "Gateway</h1></center><hr><center>nginx</center></body></html>");
  CHECK(c.kind == FailureKind::server_error);
  CHECK(c.retryable);
  CHECK(c.message == "502 Bad Gateway");
}

TEST_CASE("a long body is cut to 200 bytes on a character boundary", "[protocol]") {
  std::string body(199, 'a');
  body += "\xC3\xA9 tail";  // é straddles byte 200
  CHECK(classify(500, body).message == std::string(199, 'a') + "...");
}

TEST_CASE("the message holds only the server's words, printable and bounded", "[protocol]") {
  // The status is kept in Failure::http_status and said once by describe_failure.
  CHECK(classify(500, R"({"error":{"message":"upstream exploded"}})").message ==
        "upstream exploded");
  CHECK(classify(500, "upstream exploded\n").message == "upstream exploded");
  CHECK(classify(500, "").message == "(empty body)");
  CHECK(classify(500, " \r\n\t ").message == "(empty body)");
  // Control bytes and bytes that are not UTF-8 are written out, so the record stays valid JSON.
  CHECK(classify(500, std::string("bad\x01\x1b[31m \xff\xc3(")).message ==
        "bad\\x01\\x1B[31m \\xFF\\xC3(");
  CHECK(classify(500, R"({"error":{"message":"a\u0000b"}})").message == "a\\x00b");
  // A JSON error's message is kept to 1000 bytes, a raw body to 200.
  const std::string long_message(5000, 'm');
  CHECK(classify(500, openai_error(long_message, "server_error", "x")).message ==
        std::string(1000, 'm') + "...");
  CHECK(classify(500, std::string(5000, 'b')).message == std::string(200, 'b') + "...");
}

TEST_CASE("an exhausted quota is not retried", "[protocol]") {
  const std::string quota =
      openai_error("You exceeded your current quota, please check your plan and billing details.",
                   "insufficient_quota", "insufficient_quota");
  Classification c = classify(429, quota);
  CHECK(c.kind == FailureKind::rate_limited);
  CHECK_FALSE(c.retryable);
  CHECK(c.message ==
        "quota exhausted: You exceeded your current quota, please check your plan and "
        "billing details.");

  c = classify(429,
               openai_error("Rate limit reached for gpt-4o", "requests", "rate_limit_exceeded"));
  CHECK(c.kind == FailureKind::rate_limited);
  CHECK(c.retryable);
  CHECK(c.message == "Rate limit reached for gpt-4o");
}

TEST_CASE("context length errors are recognised", "[protocol]") {
  const std::string bodies[] = {
      openai_error("too long", "invalid_request_error", "context_length_exceeded"),
      R"({"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400})",
      R"({"error":{"code":400,"message":"request (4390 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":4390,"n_ctx":4096}})",
      R"({"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}})",
      R"({"object":"error","message":"The input (61709 tokens) is longer than the model's context length (40960 tokens).","type":"BadRequestError","param":null,"code":400})",
      R"({"error":{"message":"The prompt (total length 25938) is too long to fit into the model (context length 4096).","type":"BadRequestError","code":400}})",
  };
  for (const std::string& body : bodies) {
    INFO(body);
    for (long status : {400L, 500L}) {
      const Classification c = classify(status, body);
      CHECK(c.kind == FailureKind::context_length);
      CHECK_FALSE(c.retryable);
    }
  }
  CHECK(classify(400, bodies[2]).message ==
        "request (4390 tokens) exceeds the available context size (4096 tokens), try "
        "increasing it");
}

TEST_CASE("content policy errors are content_filter", "[protocol]") {
  for (const char* code : {"content_filter", "content_policy_violation"}) {
    const Classification c =
        classify(400, openai_error("The response was filtered.", "invalid_request_error", code));
    CHECK(c.kind == FailureKind::content_filter);
    CHECK_FALSE(c.retryable);
    CHECK(c.message == "The response was filtered.");
  }
}

TEST_CASE("a 5xx that the server calls an invalid request is not retried", "[protocol]") {
  const Classification c = classify(
      500,
      R"({"error":{"code":500,"message":"[json.exception.parse_error.101] parse error","type":"invalid_request_error"}})");
  CHECK(c.kind == FailureKind::invalid_request);
  CHECK_FALSE(c.retryable);
  CHECK(c.message == "[json.exception.parse_error.101] parse error");

  const Classification other = classify(
      500, R"({"error":{"code":500,"message":"CUDA out of memory","type":"server_error"}})");
  CHECK(other.kind == FailureKind::server_error);
  CHECK(other.retryable);
}
